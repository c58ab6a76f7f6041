"""Per accepted body, the annual report ready to publish: 年度报告/<单位><年度>年政府信息公开工作年度报告.docx and .html."""

from __future__ import annotations

from pathlib import Path

from pipeline.documents.model import Part, body_report
from pipeline.documents.web import write_html
from pipeline.documents.word import write_docx
from pipeline.types import BodyJob

OUTPUT_DIRNAME_REPORTS = "年度报告"


def report_name(stem: str, year: int, suffix: str) -> str:
    """File name of a body's published report."""
    return f"{stem}{year}年政府信息公开工作年度报告{suffix}"


def _outline(job: BodyJob) -> list[Part]:
    return body_report(job.name, job.year, job.values, job.texts)


def write_report_docx(job: BodyJob, outdir: Path) -> list[Path]:
    """年度报告/<单位><年度>年政府信息公开工作年度报告.docx"""
    dest = outdir / OUTPUT_DIRNAME_REPORTS / report_name(job.stem, job.year, ".docx")
    return [write_docx(dest, _outline(job), job.name)]


def write_report_html(job: BodyJob, outdir: Path) -> list[Path]:
    """年度报告/<单位><年度>年政府信息公开工作年度报告.html"""
    dest = outdir / OUTPUT_DIRNAME_REPORTS / report_name(job.stem, job.year, ".html")
    return [write_html(dest, _outline(job))]
