"""Read one workbook with python-calamine into raw cell values keyed by the spec's ids.

Nothing is interpreted here beyond finding cells: the normaliser decides what a raw value means.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from pipeline.common.cells import a1
from pipeline.common.labels import same_label
from pipeline.errors import WorkbookProblem
from pipeline.inbox.macros import has_macros
from pipeline.reading.merges import Merge, merged_input
from pipeline.reading.normalise import body_of
from pipeline.reading.oldformat import classify_labels, grid_texts, old_format_marker
from pipeline.types import Rect, Submission, cells_a1
from schemas import SPEC
from schemas.spec import ReportSpec, TableLayout

Grid = list[list[Any]]


def workbook_bytes(sub: Submission) -> bytes:
    """The submission's bytes: kept ones, or read again from its path (b"" if the file changed since)."""
    if sub.data or sub.path is None:
        return sub.data
    try:
        data = sub.path.read_bytes()
    except OSError:
        return b""
    return data if hashlib.sha256(data).hexdigest() == sub.sha256 else b""


def read_submission(file: str, data: bytes, mtime: float = 0.0, spec: ReportSpec = SPEC,
                    readable: bytes | None = None) -> Submission:
    """Read one workbook's bytes into a Submission; raise WorkbookProblem when it is not a usable template.

    readable: the same workbook as calamine should open it, when the guard has it already inflated
    (pipeline/inbox/inspected.py unpacked); the record keeps data, its hash and its macros.
    """
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data if readable is None else readable))
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise WorkbookProblem("R-WB-UNREADABLE", _unreadable_reason(exc)) from exc
    grids, merges = _read_grids(wb, spec)
    _check_structure(grids, spec)
    _check_merges(merges, spec)
    values = _collect(grids, spec)
    return Submission(file, hashlib.sha256(data).hexdigest(), data, mtime, body_of(values["info"]), **values,
                      macros=has_macros(data))


def _unreadable_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return "文件设置了打开密码或已加密，请取消密码后重新发送"
    return "文件已损坏或不是Excel工作簿，请用Excel或WPS打开确认后重新保存发送"


def _read_grids(wb: CalamineWorkbook, spec: ReportSpec) -> tuple[dict[str, Grid], dict[str, list[Merge]]]:
    names = set(wb.sheet_names)
    grids: dict[str, Grid] = {}
    merges: dict[str, list[Merge]] = {}
    for sheet in spec.sheets.ordered():
        if sheet in names:
            try:
                found = wb.get_sheet_by_name(sheet)
                grids[sheet] = found.to_python(skip_empty_area=False)
                merges[sheet] = found.merged_cell_ranges or []
            except Exception as exc:
                raise WorkbookProblem("R-WB-UNREADABLE", f"工作表“{sheet}”无法读取：{exc}", sheet) from exc
            except BaseException as exc:  # calamine panics (a pyo3 BaseException) on dates beyond year 9999
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                raise WorkbookProblem("R-WB-UNREADABLE", f"工作表“{sheet}”中有无法识别的日期（日期格式的单元格填了过大或为负的数），"
                                      "请检查该表的日期后重新保存发送", sheet) from exc
    if len(grids) < len(spec.sheets.ordered()):
        _missing_sheets(wb, grids, spec)
    return grids, merges


def _check_merges(merges: dict[str, list[Merge]], spec: ReportSpec) -> None:
    found = merged_input(merges, spec)
    if found:
        sheet, cells = found
        raise WorkbookProblem("R-WB-NOT-TEMPLATE", f"{sheet} {cells_a1((cells,))} 被合并成了一个单元格，合并后只保留第一格的数字、"
                              "其余数字丢失；请取消合并，每格各填一个数字", sheet, (cells,))


def _missing_sheets(wb: CalamineWorkbook, grids: dict[str, Grid], spec: ReportSpec) -> None:
    missing = [s for s in spec.sheets.ordered() if s not in grids]
    marker = old_format_marker(wb)
    if marker:
        raise WorkbookProblem("R-FMT-DETECT", marker)
    raise WorkbookProblem("R-WB-NOT-TEMPLATE", "缺少工作表“" + "”“".join(missing) + "”（文件中的工作表："
                          + "、".join(wb.sheet_names[:10]) + "）")


def cell(grids: dict[str, Grid], sheet: str, row: int, col: int) -> Any:
    """The raw value at a 0-based cell; '' beyond the used area."""
    grid = grids[sheet]
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return ""


def _check_structure(grids: dict[str, Grid], spec: ReportSpec) -> None:
    sheet, row, col = spec.version_cell
    version = cell(grids, sheet, row, col)
    if version != spec.template_version:
        if isinstance(version, str) and version.startswith(spec.template_version.rsplit("-", 1)[0]):
            raise WorkbookProblem("R-WB-OLD-VERSION", "模板版本不是当前版本", sheet, (Rect.cell(row, col),), version)
        _first_label_mismatch(grids, spec)
        raise WorkbookProblem("R-WB-NOT-TEMPLATE", f"{sheet} {a1(row, col)} 应为模板版本号“{spec.template_version}”，"
                              f"实为“{version}”", sheet, (Rect.cell(row, col),))
    _first_label_mismatch(grids, spec)


def _first_label_mismatch(grids: dict[str, Grid], spec: ReportSpec) -> None:
    for layout, places, expected in _label_places(spec):
        # Nearly every workbook has the template's labels exactly: one comparison of the sheet's labels then
        # stands for them all (an exact label is the same label); otherwise each is compared, in order.
        if tuple(_values(grids[layout.sheet], places).values()) == expected:
            continue
        for block in layout.blocks:
            found = cell(grids, layout.sheet, block.row, block.col)
            if not same_label(found, block.text):
                _raise_label_problem(grids, layout.sheet, block.row, block.col, block.text, found)


@functools.lru_cache(maxsize=8)
def _label_places(spec: ReportSpec) -> tuple[tuple[TableLayout, Places, tuple[str, ...]], ...]:
    """Each table's label cells (as _values takes them) and its labels, in the order they are checked."""
    return tuple((layout, tuple((str(k), b.row, b.col) for k, b in enumerate(layout.blocks)),
                  tuple(b.text for b in layout.blocks)) for layout in spec.tables)


def _raise_label_problem(grids: dict[str, Grid], sheet: str, row: int, col: int, expected: str,
                         found: Any) -> None:
    # A changed label is most often an old (2019) table pasted in; say so rather than "label differs".
    marker = classify_labels(t for grid in grids.values() for t in grid_texts(grid))
    where = a1(row, col)
    if marker:
        raise WorkbookProblem("R-FMT-DETECT", f"{marker}（{sheet} {where}）", sheet, (Rect.cell(row, col),))
    raise WorkbookProblem("R-WB-NOT-TEMPLATE", f"{sheet} {where} 应为“{expected}”，实为“{found}”", sheet,
                          (Rect.cell(row, col),))


def _collect(grids: dict[str, Grid], spec: ReportSpec) -> dict[str, Any]:
    """Every value of the spec's cells, as typed: 基本信息, figures, texts, and the 说明 column."""
    numbers: dict[str, Any] = {}
    for sheet, places in _number_places(spec):
        numbers |= _values(grids[sheet], places)
    texts = _values(grids[spec.sheets.text], tuple((t.id, t.row, spec.text_value_col) for t in spec.text_fields))
    return {"info": _values(grids[spec.sheets.info], tuple((f.id, f.row, spec.info_value_col) for f in spec.info_fields)),
            "numbers": numbers, "texts": {k: "" if v is None else str(v) for k, v in texts.items()},
            "explanations": read_explanations(grids, spec)}


Places = tuple[tuple[str, int, int], ...]  # (id, 0-based row, col) of values on one sheet


@functools.lru_cache(maxsize=8)
def _number_places(spec: ReportSpec) -> tuple[tuple[str, Places], ...]:
    """The numbers' cells, sheet by sheet, in spec order (each table sits on a sheet of its own)."""
    runs: list[tuple[str, list[tuple[str, int, int]]]] = []
    for n in spec.numbers:
        if not runs or runs[-1][0] != n.sheet:
            runs.append((n.sheet, []))
        runs[-1][1].append((n.id, n.row, n.col))
    return tuple((sheet, tuple(places)) for sheet, places in runs)


def _values(grid: Grid, places: Places) -> dict[str, Any]:
    """The raw values at places; '' beyond the used area (as cell())."""
    try:
        return {key: grid[row][col] for key, row, col in places}
    except IndexError:  # a sheet cut short: some cells lie beyond it
        return {key: grid[row][col] if row < len(grid) and col < len(grid[row]) else "" for key, row, col in places}


def read_explanations(grids: dict[str, Grid], spec: ReportSpec) -> dict[str, str]:
    """The 说明 column of the 校验 sheet, by rule id (several rows of one rule are joined)."""
    notes: dict[str, list[str]] = {}
    grid, layout = grids[spec.sheets.check], spec.check_sheet
    rule_col, note_col = layout.rule_col, layout.note_col
    # Most rows have no 说明: the rows that have one are picked first, in one pass.
    for row in [row for row in grid[layout.first_row:] if len(row) > note_col and row[note_col]]:
        rule = row[rule_col] if len(row) > rule_col else ""
        note = row[note_col]
        if rule and isinstance(note, str) and note.strip():
            notes.setdefault(str(rule), []).append(note.strip())
    return {k: "；".join(dict.fromkeys(v)) for k, v in notes.items()}


def read_path(path: Path, display: str, spec: ReportSpec = SPEC) -> Submission:
    """Read a workbook from disk without modifying it."""
    data = path.read_bytes()
    return read_submission(display, data, path.stat().st_mtime, spec)
