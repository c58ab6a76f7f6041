"""The national annual-report format (2021) as one declarative spec."""

from schemas import info
from schemas.conditions import CONDITIONS
from schemas.indicators import INDICATORS
from schemas.rules import RULES
from schemas.spec import ReportSpec
from schemas.tables import TABLES

SPEC = ReportSpec(
    format_name=info.FORMAT_NAME,
    template_version=info.TEMPLATE_VERSION,
    version_cell=(info.SHEETS.info, info.INFO_VERSION_ROW, info.INFO_VALUE_COL),
    sheets=info.SHEETS,
    tables=TABLES,
    info_fields=info.INFO_FIELDS,
    info_value_col=info.INFO_VALUE_COL,
    text_fields=info.TEXT_FIELDS,
    text_value_col=info.TEXT_VALUE_COL,
    section_headings=info.SECTION_HEADINGS,
    body_kinds=info.BODY_KINDS,
    rules=RULES,
    conditions=CONDITIONS,
    check_sheet=info.CHECK_SHEET,
    personal_locked=info.PERSONAL_LOCKED,
    indicators=INDICATORS,
)

__all__ = ["SPEC"]
