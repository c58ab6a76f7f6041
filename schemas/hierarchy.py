"""Rolling up above the county (issue 15): the roll-up's record of itself, the levels, the sheets and the rules.

A 汇总.xlsx carries a record of itself on a very hidden sheet (RECORD_SHEET): the region, year, level, tool
version and every body inside it with its figures, and a digest of all that. The next level up reads the
record, never the visible sheets; the visible 汇总 sheet is only compared with it (a hand edit is refused).

Message placeholders: {detail} (what is wrong, with the file's sheet and cell where there is one).
"""

from __future__ import annotations

from schemas.spec import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

ROLLUP_TOTALS_SHEET = "汇总"  # the visible sheet of the level's totals, compared with the record when read
ROLLUP_DETAIL_SHEET = "明细"  # one row per body; with 汇总 and without the record: a roll-up that lost its record
RECORD_SHEET = "汇总记录"  # very hidden: Excel and WPS keep it; LibreOffice keeps it too (as merely hidden)
RECORD_FORMAT = "GKNB-ROLLUP-1"  # bump when the record's layout changes; readers refuse formats they do not know
DIGEST_PREFIX = "sha256:"
# The levels a run can be, by how many roll-up levels lie beneath it (0: bodies' workbooks only).
LEVELS = ("县级", "市级", "省级", "全国")
SCOPES = ("全县", "全市", "全省", "全国")  # what a level's totals cover, as its 汇总报告 says it
OWN_REGION = "本级"  # bodies received directly (not inside a roll-up) stand under this region at their level
# A roster row of one of these kinds is a region below this level: it sends its roll-up, not a workbook.
REGION_KINDS = ("县（市、区）", "市（州）", "省（区、市）", "区划")

# The roster's optional column naming the region a body stands under (a county that sends its bodies' own
# workbooks instead of its roll-up); without it, bodies received directly stand under this level itself.
ROSTER_OPTIONAL = (("parent", "上级"),)

REGIONS_SHEET = "按区划"  # one row per region below this level and its totals
REGION_STATUS_SHEET = "区划报送情况"  # per region: its roll-up, and how many of its bodies were 未报送 or 退回
REGION_INDICATOR_SHEET = "区划指标"  # the indicators of the regions, ranked within the level
REGION_HEADER = "区划"
REGIONS_HEADERS = ("区划", "单位数")
REGION_STATUS_HEADERS = ("区划", "行政区划代码", "状态", "文件", "层级", "单位数", "纳入汇总", "未报送", "退回", "其他")
REGION_STATUS_WIDTHS = (20, 14, 10, 36, 8, 8, 10, 8, 8, 8)
REGION_NOT_SENT = "未报送"
REGION_SENT = "已报送"
REGION_DIRECT = "直接报送"  # a region whose bodies sent their own workbooks, not a roll-up

HIERARCHY_RULES: tuple[Rule, ...] = (
    Rule("R-ROLLUP-RECORD", E, "下级汇总表带有完整的汇总记录（记录未被改动、未被截断）",
         "下级汇总表不能使用：{detail}", "hierarchy", source="本工具"),
    Rule("R-ROLLUP-VERSION", E, "下级汇总表由本工具已知的版本生成",
         "下级汇总表不能使用：{detail}", "hierarchy", source="本工具"),
    Rule("R-ROLLUP-YEAR", E, "下级汇总表的报告年度与本次汇总相同",
         "下级汇总表不能使用：{detail}", "hierarchy", source="本工具"),
    Rule("R-ROLLUP-SUMS", E, "下级汇总表的合计等于其中各单位之和",
         "下级汇总表不能使用：{detail}", "hierarchy", source="本工具"),
    Rule("R-ROLLUP-EDITED", E, "下级汇总表的“汇总”表与汇总记录一致（生成后未被手工改动）",
         "下级汇总表生成后被改动过，不能使用：{detail}。请下级重新运行汇总后发送新生成的汇总.xlsx", "hierarchy",
         source="本工具"),
    Rule("R-ROLLUP-REGION", E, "下级汇总表写明了区划名称",
         "下级汇总表不能使用：{detail}", "hierarchy", source="本工具"),
    Rule("R-ROLLUP-TWICE", E, "每个单位只计入一次（不同时出现在两份下级汇总中，也不既直接报送又在下级汇总中）",
         "{detail}", "hierarchy", source="本工具"),
    Rule("R-HIER-DECLARED", W, "区划自身的全域报告（如全县年度报告）所列数字与其下各单位之和一致",
         "{detail}", "hierarchy", source="本工具"),
)
