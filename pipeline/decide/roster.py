"""单位名单: the bodies a county expects reports from (.xlsx or .csv), and matching submissions to them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from pipeline.common.creditcode import code_problem
from pipeline.common.labels import normalise_label
from pipeline.errors import RosterProblem
from schemas.hierarchy import REGION_KINDS, ROSTER_OPTIONAL
from schemas.info import ROSTER_COLUMNS, ROSTER_REQUIRED


@dataclass(frozen=True)
class RosterBody:
    """One body on the roster."""

    name: str
    kind: str = ""
    code: str = ""
    contact: str = ""
    email: str = ""
    parent: str = ""  # 上级: the region it stands under, when not this level itself

    @property
    def is_region(self) -> bool:
        """A region below this level (a county on a city's roster): it sends its roll-up."""
        return self.kind in REGION_KINDS

    @property
    def key(self) -> str:
        """The same key pipeline.select.body_key gives a submission of this body."""
        return self.code if self.code and not code_problem(self.code) else "name:" + normalise_label(self.name)


def read_roster(path: Path) -> list[RosterBody]:
    """Read a roster; rows without a name are skipped, a missing header is a RosterProblem."""
    if not path.is_file():
        raise RosterProblem(f"单位名单“{path}”不存在")
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _sheet_rows(path)
    if not rows:
        raise RosterProblem(f"单位名单“{path.name}”是空的")
    columns = _columns(rows[0], path)
    bodies = [_body(row, columns) for row in rows[1:]]
    return [b for b in bodies if b.name]


def _csv_rows(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK unless asked otherwise
        try:
            return list(csv.reader(io.StringIO(raw.decode(encoding))))
        except UnicodeDecodeError:
            continue
    raise RosterProblem(f"单位名单“{path.name}”的文字编码无法识别，请另存为 UTF-8 CSV 或 Excel 工作簿")


def _sheet_rows(path: Path) -> list[list[Any]]:
    try:
        wb = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in wb.get_sheet_by_index(0).to_python(skip_empty_area=True)]
    except Exception as exc:
        raise RosterProblem(f"单位名单“{path.name}”无法读取（{type(exc).__name__}），请确认是Excel工作簿或CSV文件") from exc


def _columns(header: list[Any], path: Path) -> dict[str, int]:
    found = {normalise_label(h): i for i, h in enumerate(header)}
    columns = {key: found[normalise_label(label)] for key, label in ROSTER_COLUMNS + ROSTER_OPTIONAL
               if normalise_label(label) in found}
    missing = [label for key, label in ROSTER_COLUMNS if key in ROSTER_REQUIRED and key not in columns]
    if missing:
        raise RosterProblem(f"单位名单“{path.name}”第1行缺少列“{'”“'.join(missing)}”"
                            f"（应有：{'、'.join(label for _, label in ROSTER_COLUMNS)}）")
    return columns


def _body(row: list[Any], columns: dict[str, int]) -> RosterBody:
    def get(key: str) -> str:
        i = columns.get(key)
        return str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""

    return RosterBody(get("name"), get("kind"), get("code").upper(), get("contact"), get("email"), get("parent"))


@dataclass(frozen=True)
class RosterIndex:
    """Find a roster body by 统一社会信用代码 first, then by normalised name."""

    by_code: dict[str, RosterBody]
    by_name: dict[str, RosterBody]

    @classmethod
    def of(cls, bodies: list[RosterBody]) -> RosterIndex:
        return cls({b.code: b for b in bodies if b.code}, {normalise_label(b.name): b for b in bodies})

    def match(self, name: str, code: str) -> RosterBody | None:
        code = code.strip().upper()
        return self.by_code.get(code) if code in self.by_code else self.by_name.get(normalise_label(name))
