"""The blank template prints on A4: each official table on one page, 表三 on one landscape page.

LibreOffice prints the workbook to PDF; poppler's pdfinfo and pdftotext read the pages back.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from pipeline.template.build import TEMPLATE_FILENAME, build_template
from schemas import SPEC
from schemas.spec import TableLayout
from tests.libreoffice import convert

A4 = (595.28, 841.89)  # points
_PAGE_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.M)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template-pdf")
    return convert(build_template(root / TEMPLATE_FILENAME), "pdf", root / "out")


@pytest.fixture(scope="module")
def sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    found = [(int(n), float(w), float(h)) for n, w, h in _PAGE_SIZE.findall(out)]
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1)) and found
    return [(w, h) for _, w, h in found]


@pytest.fixture(scope="module")
def texts(pdf: Path, sizes: list[tuple[float, float]]) -> list[str]:
    """Each page's text without any whitespace, so labels wrapped inside a cell still match."""
    pages = []
    for page in range(1, len(sizes) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        pages.append(re.sub(r"\s+", "", text))
    return pages


def _labels(layout: TableLayout) -> list[str]:
    # Tall merged labels (三、本年度办理结果 beside 21 rows) wrap, and pdftotext interleaves their lines
    # with the rows beside them; every one-row text must come out whole.
    return [b.text for b in layout.blocks if b.row == b.last_row]


def test_every_page_is_a4(sizes: list[tuple[float, float]]) -> None:
    for page, (w, h) in enumerate(sizes, start=1):
        assert sorted((w, h)) == pytest.approx(A4, abs=1.0), f"page {page} is {w} x {h} pt"


@pytest.mark.parametrize("layout", SPEC.tables, ids=lambda t: t.id)
def test_each_table_prints_whole_on_one_page(layout: TableLayout, sizes: list[tuple[float, float]],
                                             texts: list[str]) -> None:
    pages = [i for i, text in enumerate(texts) if layout.title in text]
    assert len(pages) == 1, f"{layout.title} is on pages {[p + 1 for p in pages]}"
    (page,) = pages
    text = texts[page]
    missing = [label for label in _labels(layout) if re.sub(r"\s+", "", label) not in text]
    assert missing == [], f"page {page + 1} lacks {missing}"
    w, h = sizes[page]
    assert (w > h) is layout.landscape, f"page {page + 1} is {w} x {h} pt"
    # Nothing of the table spills onto the next page: it starts the next sheet instead.
    row_labels = [b.text for b in layout.blocks if b.role == "label" and b.row == b.last_row]
    if page + 1 < len(texts):
        assert not [label for label in row_labels if label in texts[page + 1]]


def test_table_three_is_one_landscape_page_followed_by_table_four(sizes: list[tuple[float, float]],
                                                                  texts: list[str]) -> None:
    t3, t4 = SPEC.table("T3"), SPEC.table("T4")
    (page,) = [i for i, text in enumerate(texts) if t3.title in text]
    assert sizes[page][0] > sizes[page][1]
    assert texts[page].startswith(t3.title)
    assert texts[page + 1].startswith(t4.title)  # the next page is 表四, not the rest of 表三
    first, last = t3.numbers[0], t3.numbers[-1]
    first_label = next(b.text for b in t3.blocks if b.row == first.row and b.role == "label")
    last_label = next(b.text for b in t3.blocks if b.row == last.row and b.role == "label")
    assert first_label in texts[page] and last_label in texts[page]


def test_sheets_print_in_workbook_order(texts: list[str]) -> None:
    from schemas import info

    heads = [info.GUIDE_TITLE, info.TEMPLATE_TITLE, *(t.title for t in SPEC.tables), info.TEXT_TITLE,
             info.CHECK_TITLE]
    firsts = [next(i for i, text in enumerate(texts) if re.sub(r"\s+", "", h) in text) for h in heads]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
