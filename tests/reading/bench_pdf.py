"""Speed of the PDF reader against pypdfium2's bare character extraction, in one process.

Bare: open the document, load each page's text page, get every character's box (what any reader
built on PDFium must do at least). Ours: read_pdf_document (the same, plus lines, words, tables and
paragraphs). The target is ours within 3× of bare.

    cd /work/wt-pdf && /work/main/.venv/bin/python -m tests.reading.bench_pdf [file.pdf ...]

Without arguments it times the real report and PDFs made here (synthetic 表三; our own published
report printed by LibreOffice when soffice is installed).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.reading.published.pdf import read_pdf_document

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "hzq2024_working.pdf"


def bare(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    n = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            for k in range(textpage.count_chars()):
                textpage.get_charbox(k)
                n += 1
            textpage.close()
            page.close()
    finally:
        doc.close()
    return n


def ours(data: bytes) -> int:
    return len(read_pdf_document("bench.pdf", data).blocks)


def best(fn: Callable[[bytes], int], data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - start)
    return min(times) if repeat < 5 else statistics.median(times)


def samples() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    if REAL.exists():
        out.append((REAL.name, REAL.read_bytes()))
    from tests.reading.synth import PAGE_BREAK, SynthRow, t3_pdf

    rows: list[SynthRow | None] = [SynthRow.plain(f"{i + 1}.第{i + 1}行", [str(i * 10 + j) for j in range(7)])
                                   for i in range(25)]
    rows.insert(12, PAGE_BREAK)
    out.append(("synthetic-t3.pdf", t3_pdf(rows)))
    from tests.libreoffice import SOFFICE, convert

    if SOFFICE is not None:
        from pipeline.documents.model import body_report
        from pipeline.documents.word import write_docx
        from schemas import SPEC

        with tempfile.TemporaryDirectory() as tmp:
            values = {n.id: float(k) for k, n in enumerate(n for t in SPEC.tables for n in t.numbers)}
            texts = {f.id: "本单位认真做好政府信息公开工作。" * 12 for f in SPEC.text_fields}
            docx = write_docx(Path(tmp) / "own.docx", body_report("某某县人民政府办公室", 2024, values, texts))
            out.append(("own-report.pdf", convert(docx, "pdf", Path(tmp) / "out").read_bytes()))
    return out


def main(argv: list[str]) -> None:
    files = [(Path(a).name, Path(a).read_bytes()) for a in argv] or samples()
    print(f"{'file':28} {'pages':>5} {'chars':>6} {'bare ms':>8} {'ours ms':>8} {'ratio':>6}")
    total_bare = total_ours = 0.0
    for name, data in files:
        ours(data)  # warm up imports and caches
        chars = bare(data)
        pages = len(pdfium.PdfDocument(data))
        b = best(bare, data, 15)
        o = best(ours, data, 15)
        total_bare, total_ours = total_bare + b, total_ours + o
        print(f"{name:28} {pages:5} {chars:6} {b * 1000:8.1f} {o * 1000:8.1f} {o / b:6.2f}")
    print(f"{'all':28} {'':5} {'':6} {total_bare * 1000:8.1f} {total_ours * 1000:8.1f} {total_ours / total_bare:6.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
