"""Frozen dataclasses that describe the report format. No I/O lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from schemas.constraints import Condition, InfoCheck


class Severity(StrEnum):
    """How serious a broken rule is; the value is the Chinese word users see."""

    ERROR = "错误"
    WARNING = "警告"


class Kind(StrEnum):
    """The type of a number cell."""

    COUNT = "count"  # whole number >= 0 (件, 个)
    WAN_YUAN = "wan_yuan"  # decimal >= 0, unit 万元

    @property
    def maximum(self) -> int:
        """Largest plausible value: beyond it a figure is a typing slip (a county body, one year)."""
        return 100_000_000 if self is Kind.WAN_YUAN else 10_000_000


@dataclass(frozen=True)
class Number:
    """One number of the official tables, with the cell where it sits in the template."""

    id: str
    table: str  # "T2", "T3", "T4"
    sheet: str
    row: int  # 0-based
    col: int  # 0-based
    label: str  # full Chinese description, e.g. "表三 一、本年新收… / 自然人"
    short: str  # short label used inside messages, e.g. "新收"
    kind: Kind = Kind.COUNT
    derived: bool = False  # a total the template computes with a formula
    parts: tuple[str, ...] = ()  # ids whose sum this total is (only when derived)


@dataclass(frozen=True)
class Block:
    """A fixed text cell of a table layout (label or header), possibly merged."""

    text: str
    row: int
    col: int
    last_row: int
    last_col: int
    role: str  # "title", "header", "label", "note"


@dataclass(frozen=True)
class TableLayout:
    """One official table as it is laid out on its sheet."""

    id: str
    sheet: str
    title: str
    blocks: tuple[Block, ...]
    numbers: tuple[Number, ...]
    col_widths: tuple[float, ...]
    # Cells (row, col, last_row, last_col) that hold one number but are merged wider.
    value_merges: tuple[tuple[int, int, int, int], ...] = ()
    landscape: bool = False

    def __hash__(self) -> int:  # a cache key for every workbook read: hashing all its numbers each time was slow
        return hash((self.id, self.sheet))


@dataclass(frozen=True)
class Term:
    """One number inside an equation."""

    id: str
    short: str


@dataclass(frozen=True)
class Equation:
    """lhs (op) rhs, both sides sums of numbers; anchor is the cell a failure is shown at."""

    key: str  # unique inside its rule, e.g. "C_NP"
    scope: str  # Chinese: where this equation lives, e.g. "表三 自然人列"
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    op: str = "="  # "=" or ">="
    anchor: str = ""  # id of the cell to blame; defaults to the first lhs term

    @property
    def anchor_id(self) -> str:
        return self.anchor or self.lhs[0].id


@dataclass(frozen=True)
class Rule:
    """One consistency rule of FORMAT.md §4 (or a reading rule of ours), as data."""

    id: str
    severity: Severity
    title: str  # one Chinese line for docs and the 校验 sheet
    message: str  # Chinese template; placeholders are documented in pipeline/checks/messages.py
    scope: str  # "equation", "cell", "info", "condition", "workbook", "cross-year", "narrative"
    equations: tuple[Equation, ...] = ()
    source: str = ""  # FORMAT.md's source tag (OFF, IMP, LAW, PRAC) or "本工具"


@dataclass(frozen=True)
class InfoField:
    """One field of the 基本信息 sheet; check is what its value must be (None: anything, even blank)."""

    id: str
    label: str
    row: int
    hint: str
    check: InfoCheck | None = None


@dataclass(frozen=True)
class TextField:
    """One long-text field of the 文字内容 sheet (a section or a sub-part of 一)."""

    id: str
    section: str  # "一", "五", "六"
    heading: str  # the heading printed in the published report
    row: int
    hint: str


@dataclass(frozen=True)
class Sheets:
    """Sheet names of the template, in workbook order."""

    guide: str
    info: str
    t2: str
    t3: str
    t4: str
    text: str
    check: str

    def ordered(self) -> tuple[str, ...]:
        return (self.guide, self.info, self.t2, self.t3, self.t4, self.text, self.check)


@dataclass(frozen=True)
class CheckSheet:
    """The template's 校验 sheet: a summary, a header, then one row per check; the rule scopes it checks."""

    title: str
    summary_row: int
    header_row: int
    first_row: int
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rule_col: int
    severity_col: int
    what_col: int
    result_col: int
    message_col: int
    note_col: int
    passed: str  # shown in the result column
    failed: str
    scopes: tuple[str, ...]  # the scopes of the rules it checks with formulas; the others need the county's run


@dataclass(frozen=True)
class Indicator:
    """A key indicator of the roll-up: numerator / (denominator - subtract), each a sum of number ids; blank when
    the divisor is 0."""

    id: str  # English, stable; also accepted on the command line
    name: str  # Chinese name users see
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    higher_is_better: bool
    yellow: float  # default thresholds as fractions: a value worse than yellow is flagged 黄, than red 红
    red: float
    definition: str  # Chinese, printed under the 指标 table
    subtract: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSpec:
    """The whole format: everything the template, reader, validators and renderers derive from."""

    format_name: str
    template_version: str
    version_cell: tuple[str, int, int]  # (sheet, row, col) of the template-version marker
    sheets: Sheets
    tables: tuple[TableLayout, ...]
    info_fields: tuple[InfoField, ...]
    info_value_col: int
    text_fields: tuple[TextField, ...]
    text_value_col: int
    section_headings: tuple[str, ...]
    body_kinds: tuple[str, ...]
    rules: tuple[Rule, ...]
    conditions: tuple[Condition, ...]
    check_sheet: CheckSheet
    personal_locked: frozenset[str]  # 基本信息 fields a personal template fills in from the roster and locks
    indicators: tuple[Indicator, ...]  # the roll-up's key indicators (指标 sheet), over number ids
    numbers: tuple[Number, ...] = field(init=False)
    _by_id: dict[str, Number] = field(init=False, repr=False, compare=False)
    _rules_by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        numbers = tuple(n for t in self.tables for n in t.numbers)
        object.__setattr__(self, "numbers", numbers)
        object.__setattr__(self, "_by_id", {n.id: n for n in numbers})
        object.__setattr__(self, "_rules_by_id", {r.id: r for r in self.rules})

    def __hash__(self) -> int:  # a cache key (equal specs share name and version); the default hashes every field
        return hash((self.format_name, self.template_version))

    def number(self, number_id: str) -> Number:
        return self._by_id[number_id]

    def rule(self, rule_id: str) -> Rule:
        return self._rules_by_id[rule_id]

    def info_field(self, field_id: str) -> InfoField:
        return next(f for f in self.info_fields if f.id == field_id)

    def table(self, table_id: str) -> TableLayout:
        return {t.id: t for t in self.tables}[table_id]

