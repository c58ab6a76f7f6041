"""Cut a flattened line of text (the portal archive's export) into paragraphs and tables (placeholder)."""

from __future__ import annotations

from pipeline.reading.published.model import Block, Paragraph, Where


def split_flattened(line: str, where: Where) -> list[Block]:
    return [Paragraph(line, where)]
