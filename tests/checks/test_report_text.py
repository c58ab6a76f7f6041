"""The report-level rules (FORMAT.md §4): one passing and one failing text for each."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks.report_text import HINT_PROBE, WORKBOOK_TEXT_RULES, _is_hint
from pipeline.checks.runner import check_batch
from pipeline.common.labels import normalise_label
from pipeline.reading.normalise import body_of
from pipeline.types import Issue, Submission
from schemas import SPEC
from schemas.info import SECTION_HEADINGS
from schemas.tables import t3_id
from tests.factories import filled

YEAR = 2024
GOOD_TEXTS = {
    "s1_active": "本年主动公开政府信息120条。", "s1_request": "本年共收到政府信息公开申请0件。",
    "s1_manage": "严格保密审查。", "s1_platform": "政府网站运行平稳。", "s1_oversight": "开展培训和考核。",
    "s5": "上年度指出的信息更新不及时问题已整改到位。本年度仍存在公开质量不高的问题，下一步将加强审核。",
    "s6": "本年度未收取信息处理费。认真落实上级政务公开工作要点；人大代表建议和政协提案办理结果均已公开；推进政务公开工作创新。",
}
GOOD_OPENING = f"某县某局{YEAR}年政府信息公开工作年度报告\n本报告所列数据的统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止。"
HEADINGS = tuple((h[0], h, f"第{i + 3}行") for i, h in enumerate(SECTION_HEADINGS))


def document(**changes: object) -> Submission:
    """A published report whose figures all hold (zeros) and whose texts satisfy every report rule."""
    info = {"name": "某县某局", "year": YEAR}
    sub = Submission("某县某局.html", "0" * 64, b"", 0.0, body_of(info), info, {n.id: "0" for n in SPEC.numbers},
                     dict(GOOD_TEXTS), source="html", where={"name": "第1行", "s5": "第9行起", "s6": "第10行起"},
                     headings=HEADINGS, title=f"某县某局{YEAR}年政府信息公开工作年度报告", opening=GOOD_OPENING)
    return replace(sub, **changes)  # type: ignore[arg-type]


def workbook(texts: dict[str, str]) -> Submission:
    fill = filled()
    info = fill.info
    numbers = {n.id: fill.numbers.get(n.id, 0.0) for n in SPEC.numbers}
    return Submission("wb.xlsx", "1" * 64, b"", 0.0, body_of(info), info, numbers, fill.texts | texts)


def issues(sub: Submission, rule: str) -> list[Issue]:
    return [i for i in check_batch([sub], YEAR).issues if i.rule == rule]


def test_the_good_document_passes_every_report_rule() -> None:
    assert check_batch([document()], YEAR).issues == []


def test_sec_order_missing_heading() -> None:
    (issue,) = issues(document(headings=HEADINGS[:4] + HEADINGS[5:]), "R-SEC-ORDER")
    assert issue.is_error and "五、存在的主要问题及改进情况" in issue.message


def test_sec_order_alias_is_a_warning_at_its_place() -> None:
    alias = ("四", "四、政府信息公开行政复议和行政诉讼情况", "第7行")
    (issue,) = issues(document(headings=HEADINGS[:3] + (alias,) + HEADINGS[4:]), "R-SEC-ORDER-ALIAS")
    assert not issue.is_error and issue.cell == "第7行" and alias[1] in issue.message
    assert issues(document(headings=HEADINGS[:3] + (alias,) + HEADINGS[4:]), "R-SEC-ORDER") == []


@pytest.mark.parametrize(("opening", "words"), [
    ("某县某局2024年政府信息公开工作年度报告", "未写明统计期限"),
    ("统计期限自2023年1月1日起至2023年12月31日止。", "不是报告年度2024年"),
])
def test_period(opening: str, words: str) -> None:
    (issue,) = issues(document(opening=opening), "R-PERIOD")
    assert issue.is_error and words in issue.message
    assert issues(document(opening="统计期限为2024年1月1日至12月31日。"), "R-PERIOD") == []


def test_format_cite() -> None:
    text = GOOD_OPENING + "\n本报告依据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制。"
    (issue,) = issues(document(opening=text), "R-FORMAT-CITE")
    assert not issue.is_error and "〔2019〕60号" in issue.message
    cited_2021 = GOOD_OPENING + "\n依据国办公开办函〔2021〕30号要求编制。"
    assert issues(document(opening=cited_2021), "R-FORMAT-CITE") == []


@pytest.mark.parametrize("text", ["无其他需要报告的事项。", ""])
def test_sec6_fee(text: str) -> None:
    (issue,) = issues(document(texts=GOOD_TEXTS | {"s6": text}), "R-SEC6-FEE")
    assert issue.is_error and issue.cell == "第10行起"
    for stated in ("全年收取信息处理费0元。", "本机关未收取信息处理费。", "政府信息公开未发生收费情况。"):
        assert issues(document(texts=GOOD_TEXTS | {"s6": stated}), "R-SEC6-FEE") == []


def test_sec6_items() -> None:
    (issue,) = issues(document(texts=GOOD_TEXTS | {"s6": "本年度未收取信息处理费。推进政务公开工作创新。"}), "R-SEC6-ITEMS")
    assert "工作要点" in issue.message and "提案" in issue.message and "创新" not in issue.message.split("未写到")[1]


def test_sec5_followup() -> None:
    (issue,) = issues(document(texts=GOOD_TEXTS | {"s5": "本年度存在人员不足的问题，下一步将加强培训。"}), "R-SEC5-FOLLOWUP")
    assert "上年度问题的整改情况" in issue.message and "改进措施" not in issue.message
    (empty,) = issues(document(texts=GOOD_TEXTS | {"s5": ""}), "R-SEC5-FOLLOWUP")
    assert "未填写" in empty.message


def test_sec1_aspects() -> None:
    one_part = {"s1_active": "本年主动公开信息120条，依申请公开办理及时，政府网站平台运行平稳。",
                "s1_request": "", "s1_manage": "", "s1_platform": "", "s1_oversight": ""}
    (issue,) = issues(document(texts=GOOD_TEXTS | one_part), "R-SEC1-ASPECTS")
    assert "政府信息管理" in issue.message and "监督保障" in issue.message and "主动公开、" not in issue.message


def test_sec1_aspects_in_a_workbook_is_each_sub_part_filled() -> None:
    assert issues(workbook({}), "R-SEC1-ASPECTS") == []
    (issue,) = issues(workbook({"s1_manage": "", "s1_oversight": ""}), "R-SEC1-ASPECTS")
    assert issue.sheet == SPEC.sheets.text and issue.where == ""  # a workbook's problem is at its cell


def test_headings_period_and_basis_are_not_asked_of_a_workbook() -> None:
    rules = {i.rule for i in check_batch([workbook({})], YEAR).issues}
    assert not rules & {"R-SEC-ORDER", "R-PERIOD", "R-FORMAT-CITE", "R-DOC-UNPLACED"}


def test_narrative_done_count_against_table_three() -> None:
    numbers = {n.id: "0" for n in SPEC.numbers} | {t3_id("new", "np"): "3", t3_id("new", "total"): "3",
                                                   t3_id("open", "np"): "3", t3_id("open", "total"): "3",
                                                   t3_id("tot", "np"): "3", t3_id("tot", "total"): "3"}
    said = GOOD_TEXTS | {"s1_request": "本年共收到政府信息公开申请3件，办结政府信息公开申请5件。"}
    (issue,) = issues(document(numbers=numbers, texts=said), "R-NARR-T3")
    assert "（七）总计为 3 件" in issue.message
    agrees = GOOD_TEXTS | {"s1_request": "本年共收到政府信息公开申请3件，全部办结3件。"}
    assert issues(document(numbers=numbers, texts=agrees), "R-NARR-T3") == []


def test_sec1_aspects_of_a_government_include_its_assessment_results() -> None:
    name = "某县人民政府"
    government = document(body=body_of({"name": name, "year": YEAR}), texts=GOOD_TEXTS | {"s1_oversight": "开展培训。"})
    (issue,) = issues(government, "R-SEC1-ASPECTS")
    assert "工作考核、社会评议和责任追究结果" in issue.message
    assessed = GOOD_TEXTS | {"s1_oversight": "开展培训，年度考核结果和社会评议结果已公开，未发生责任追究。"}
    assert issues(replace(government, texts=assessed), "R-SEC1-ASPECTS") == []


def workbook_text_issues(sub: Submission) -> list[Issue]:
    """The report rules a whole check of a workbook gives on its texts."""
    return [i for i in check_batch([sub], YEAR).issues if i.rule in WORKBOOK_TEXT_RULES]


def test_sec5_and_sec6_on_a_workbook_s_texts_at_their_cells() -> None:
    assert workbook_text_issues(workbook({})) == []
    (fee,) = workbook_text_issues(workbook({"s6": "本年度工作要点、建议提案和创新情况均已落实。"}))
    assert fee.is_error and fee.sheet == SPEC.sheets.text and fee.where == ""
    s6 = next(f for f in SPEC.text_fields if f.id == "s6")
    assert fee.cells[0].row == s6.row and fee.cells[0].col == SPEC.text_value_col
    (items,) = workbook_text_issues(workbook({"s6": "本年度未收取信息处理费。"}))
    assert not items.is_error and "创新" in items.message
    (follow,) = workbook_text_issues(workbook({"s5": "本年度存在问题，下一步将加强。"}))
    assert "上年度问题的整改情况" in follow.message


def _retyped(hint: str) -> str:
    """The hint as someone might paste it back: half-width brackets and commas, spaces, a line break."""
    return " " + hint.replace("（", "(").replace("）", ")").replace("，", ", ").replace("。", "。\n") + " "


@pytest.mark.parametrize("how", ["empty", "hint", "retyped"])
def test_a_workbook_with_texts_left_as_the_template_gives_one_message_a_section(how: str) -> None:
    # the template's text cells are empty, their hint beside them; a body that copied the hint wrote nothing
    texts = {f.id: {"empty": "", "hint": f.hint, "retyped": _retyped(f.hint)}[how] for f in SPEC.text_fields}
    assert how != "retyped" or all(t != f.hint for f, t in zip(SPEC.text_fields, texts.values(), strict=True))
    found = [(i.rule, i.is_error) for i in workbook_text_issues(workbook(texts))]
    assert sorted(found) == [("R-SEC1-ASPECTS", False), ("R-SEC5-FOLLOWUP", False), ("R-SEC6-FEE", True)]
    messages = [i.message for i in workbook_text_issues(workbook(texts)) if i.rule != "R-SEC1-ASPECTS"]
    assert all("未填写" in m for m in messages)


def test_unplaced_figures_are_one_message_per_reason_and_place() -> None:
    row = [n for n in SPEC.numbers if n.id.startswith("t3_o3_")]  # 3.其他, seven columns
    fee = SPEC.number("t2_fee")
    reason = "表三的“（六）其他处理”印成了写有数字的一行（第4页第10行）"
    unplaced = {n.id: reason for n in row} | {fee.id: f"表二中未找到该行：{fee.label}（第2页第3行）"}
    where = dict(document().where) | {n.id: "第4页第10行" for n in row} | {fee.id: "第2页第3行"}
    numbers = dict(document().numbers) | {k: float("nan") for k in unplaced}
    found = issues(document(unplaced=unplaced, where=where, numbers=numbers), "R-DOC-UNPLACED")
    assert [(i.sheet, i.cell) for i in found] == [("表二", "第2页第3行"), ("表三", "第4页第10行")]
    single, group = found
    assert group.message == f"表三 3.其他 的7个数字 无法确定：{reason}。这些数字按未知处理，请对照原文核实"
    assert [(c.row, c.col, c.last_row, c.last_col) for c in group.cells] == [
        (row[0].row, min(n.col for n in row), row[0].row, max(n.col for n in row))]
    # one figure: named by its own label, which the reason then does not repeat
    assert single.message == f"{fee.label} 无法确定：表二中未找到该行（第2页第3行）。该数字按未知处理，请对照原文核实"


def test_a_text_is_the_hint_only_as_normalised_whatever_its_length() -> None:
    # _is_hint looks at a text's first HINT_PROBE characters before the whole: an ideograph the hint lacks, early
    # or late, rules a text out; a long retyped hint is still the hint
    hint = "".join(f.hint for f in SPEC.text_fields)  # longer than HINT_PROBE
    assert len(hint) > 2 * HINT_PROBE
    assert _is_hint(_retyped(hint), hint)
    for at in (0, HINT_PROBE - 1, HINT_PROBE, len(hint)):
        assert not _is_hint(hint[:at] + "鑫" + hint[at:], hint)


@given(st.text(st.sampled_from(list("（），。 \u3000\n“”０１政府信息公开申请鑫")), max_size=80),
       st.sampled_from([f.hint for f in SPEC.text_fields]))
def test_is_hint_is_text_equal_to_the_hint_as_normalised(text: str, hint: str) -> None:
    for candidate in (text, text + hint, hint + text, _retyped(hint) + text):
        assert _is_hint(candidate, hint) == (normalise_label(candidate) == normalise_label(hint))
