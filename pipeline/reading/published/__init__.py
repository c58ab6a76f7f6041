"""Readers of published annual reports (web pages, Word files, PDFs, flattened text).

Each reader turns a file into one Document (paragraphs and tables in reading order); tables.py places
the figures of 表二/表三/表四 by their labels, sections.py finds the title, body, year and the six
sections. read.py ties them together: read_published(file, data) -> PublishedReading.
"""

from pipeline.reading.published.model import Document, PublishedProblem, PublishedReading

__all__ = ["Document", "PublishedProblem", "PublishedReading", "read_published"]


def read_published(file: str, data: bytes) -> PublishedReading:
    """read.read_published, its readers imported when a published report is first read: a level above the county
    reads roll-ups, and starting its report need not pay for them (tests/test_api.py)."""
    from pipeline.reading.published.read import read_published as read

    return read(file, data)
