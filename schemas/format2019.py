"""Labels that tell the 2019 trial format (国办公开办函〔2019〕60号) from the 2021 one (FORMAT.md §5)."""

from __future__ import annotations

FORMAT_2019_NAME = "2019年试行格式（国办公开办函〔2019〕60号）"

# Labels that exist only in the 2019 format.
MARKERS_2019 = (
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项",
    "第二十条第（九）项", "政府集中采购", "采购项目数量", "采购总金额",
)
# Labels that exist only in the 2021 format.
MARKERS_2021 = (
    "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）", "行政规范性文件",
)
# 2019 row label that the 2021 format renamed; alone it marks a mixed table (龙口镇 2022, FORMAT.md X12).
OLD_ROW_LABEL = "规范性文件"
