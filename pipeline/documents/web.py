"""Write a document outline (pipeline/documents/model.py) as one self-contained .html page for a government portal.

No scripts, images, links or web fonts: the page shows the same anywhere and can be pasted into a
portal's editor. Tables carry their borders and alignment as inline styles, because portal editors
often drop a page's <style> block; wide tables scroll sideways on a phone instead of squeezing.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from pipeline.documents.model import Heading, ListTable, OfficialTable, Paragraph, Part, Title
from pipeline.documents.table_grid import HEADER_ROLES, VALUE_ROLE, GridCell
from pipeline.run.atomic import write_text_atomic

SERIF = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "宋体", SimSun, "Songti SC", "Noto Serif CJK SC", serif'
SANS = '"黑体", SimHei, "Heiti SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
TITLE_FONT = '"方正小标宋简体", "宋体", SimSun, "Songti SC", "Noto Serif CJK SC", serif'
KAI = '"楷体_GB2312", "楷体", KaiTi, STKaiti, "Kaiti SC", ' + SERIF
TABLE_FONT = '"宋体", SimSun, "Songti SC", "Noto Serif CJK SC", serif'
PAGE_STYLE = f"""
body {{ margin: 0; padding: 0 1rem; background: #fff; color: #000; }}
article {{ max-width: 50rem; margin: 0 auto; padding: 1.5rem 0 3rem; font-family: {SERIF};
  font-size: 1.125rem; line-height: 1.9; }}
h1 {{ font-family: {TITLE_FONT}; font-size: 1.6rem; font-weight: normal; text-align: center; line-height: 1.5;
  margin: 0 0 1.5rem; }}
h2 {{ font-family: {SANS}; font-size: 1.15rem; font-weight: normal; margin: 1.2rem 0 .4rem; text-indent: 2em; }}
h3 {{ font-family: {KAI}; font-size: 1.125rem; font-weight: normal; margin: .6rem 0 .2rem; text-indent: 2em; }}
p {{ margin: 0 0 .4rem; text-indent: 2em; text-align: justify; }}
.table-wrap {{ overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0 1rem; }}
@media (max-width: 40rem) {{ article {{ font-size: 1rem; }} h1 {{ font-size: 1.35rem; }} }}
""".strip()
CELL_STYLE = "border:1px solid #000;padding:.25em .35em;vertical-align:middle;line-height:1.4;"
_INLINE_TABLE_FONT = TABLE_FONT.replace('"', "'")  # inside a style="..." attribute
TABLE_STYLE = f"border-collapse:collapse;width:100%;font-family:{_INLINE_TABLE_FONT};font-size:.85rem;text-indent:0;"
EM_PER_WIDTH = 0.38  # ems of table width per unit of the layout's column widths (so 表三 stays legible)


def write_html(dest: Path, parts: Sequence[Part]) -> Path:
    """Write the outline to dest atomically; return dest."""
    write_text_atomic(dest, render_html(parts))
    return dest


def render_html(parts: Sequence[Part]) -> str:
    """The whole page as text."""
    title = next((p.text for p in parts if isinstance(p, Title)), "")
    body = "\n".join(_part(p) for p in parts)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{PAGE_STYLE}\n</style>\n</head>\n"
            f"<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n")


def _part(part: Part) -> str:
    if isinstance(part, Title):
        return "<h1>" + "<br>".join(escape(line) for line in part.lines) + "</h1>"
    if isinstance(part, Heading):
        return f"<h{part.level + 1}>{escape(part.text)}</h{part.level + 1}>"
    if isinstance(part, Paragraph):
        return f"<p>{escape(part.text)}</p>"
    if isinstance(part, OfficialTable):
        return _official_table(part)
    return _list_table(part)


def _table(col_widths: Sequence[float], head: list[str], body: list[str], table_id: str = "") -> str:
    total = sum(col_widths)
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in col_widths)
    min_width = f"min-width:{max(20.0, total * EM_PER_WIDTH):.0f}em;"
    attr = f' id="{escape(table_id)}"' if table_id else ""
    return (f'<div class="table-wrap">\n<table{attr} style="{TABLE_STYLE}{min_width}">\n<colgroup>{cols}</colgroup>\n'
            + (f"<thead>\n{''.join(head)}</thead>\n" if head else "") + f"<tbody>\n{''.join(body)}</tbody>\n</table>\n</div>")


def _official_table(part: OfficialTable) -> str:
    grid = part.grid
    rows: list[list[str]] = [[] for _ in range(grid.rows)]
    for cell in grid.cells:
        rows[cell.row].append(_cell(cell))
    html_rows = [f"<tr>{''.join(r)}</tr>\n" for r in rows]
    split = 0 if grid.headers_recur else grid.header_rows
    return _table(part.col_widths, html_rows[:split], html_rows[split:], part.table_id)


def _cell(cell: GridCell) -> str:
    span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    if cell.role == VALUE_ROLE:
        return f'<td{span} style="{CELL_STYLE}text-align:center;">{escape(cell.text)}</td>'
    left = cell.role == "label" and cell.rowspan == 1
    scope = "row" if cell.role == "label" else ("colgroup" if cell.colspan > 1 else "col")
    weight = "bold" if cell.role in HEADER_ROLES and cell.role != "note" else "normal"
    size = "font-size:.8em;" if cell.role == "note" else ""
    style = f"{CELL_STYLE}text-align:{'left' if left else 'center'};font-weight:{weight};{size}"
    return f'<th{span} scope="{scope}" style="{style}">{escape(cell.text)}</th>'


def _list_table(part: ListTable) -> str:
    head = "".join(f'<th scope="col" style="{CELL_STYLE}text-align:center;">{escape(h)}</th>' for h in part.headers)
    body = []
    for row in part.rows:
        cells = [f'<th scope="row" style="{CELL_STYLE}text-align:left;font-weight:normal;">{escape(row[0])}</th>']
        cells += [f'<td style="{CELL_STYLE}text-align:center;">{escape(v)}</td>' for v in row[1:]]
        body.append(f"<tr>{''.join(cells)}</tr>\n")
    return _table(part.col_widths, [f"<tr>{head}</tr>\n"], body)
