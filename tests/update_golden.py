"""Rewrite the golden official-tables workbook after an intended layout change: `make golden`.

The golden file is the seed township's (青同镇人民政府 2024) official tables, produced the way
`make report` produces them: filled template -> read -> check -> render. Look at the new file (or at
`git diff` of tests/golden/) before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pipeline.checks.runner import check_batch
from pipeline.outputs.official_tables import render_official_tables
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from schemas import SPEC
from tests.make_examples import YEAR, seed_township

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN = GOLDEN_DIR / "official_tables_seed.xlsx"


def render_seed_tables(dest: Path) -> Path:
    """The seed township's official tables, through the same steps as a report run."""
    fill = seed_township()
    with tempfile.TemporaryDirectory() as tmp:
        sub = read_path(build_template(Path(tmp) / "seed.xlsx", fill), "seed.xlsx")
    batch = check_batch([sub], YEAR)
    if batch.issues:
        raise RuntimeError(f"the seed township has problems: {batch.issues}")
    row = batch.frame.iloc[0]
    values = {n.id: float(row[n.id]) for n in SPEC.numbers}
    return render_official_tables(dest, str(fill.info["name"]), YEAR, values)


def main() -> int:
    GOLDEN_DIR.mkdir(exist_ok=True)
    render_seed_tables(GOLDEN)
    print(f"已更新基准文件：{GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
