"""Drive real LibreOffice (headless) the way a user's office suite would open a workbook."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# OOXMLRecalcMode 0 = always recalculate on load; without it LibreOffice shows the cached values.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _profile(root: Path) -> str:
    user = root / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    return root.as_uri()


def convert(src: Path, fmt: str, outdir: Path, timeout: int = 180) -> Path:
    """Open src in a throwaway LibreOffice profile, recalculate, and save it as fmt into outdir."""
    return convert_many([src], fmt, outdir, timeout)[0]


def convert_many(srcs: list[Path], fmt: str, outdir: Path, timeout: int = 300, jobs: int = 1) -> list[Path]:
    """Convert several files with as few LibreOffice starts as possible (each costs about 2 s).

    jobs > 1 splits the files over that many LibreOffice processes, each with its own profile, which
    pays off on a machine with that many cores. The outputs are named after the sources' stems, so the
    stems must differ, and outdir must not hold the sources when fmt keeps their extension.
    """
    if SOFFICE is None:
        raise RuntimeError("LibreOffice is not installed (.ci/run installs it)")
    if len({s.stem for s in srcs}) != len(srcs):
        raise ValueError("sources must have distinct names")
    outdir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs)
    chunks = [c for c in (srcs[i::jobs] for i in range(jobs)) if c]
    with ThreadPoolExecutor(len(chunks)) as pool:
        list(pool.map(lambda chunk: _run(chunk, fmt, outdir, timeout), chunks))
    outs = [outdir / (s.stem + "." + fmt.split(":")[0]) for s in srcs]
    missing = [o.name for o in outs if not o.exists()]
    if missing:
        raise RuntimeError("LibreOffice wrote no " + ", ".join(missing))
    return outs


def _run(srcs: list[Path], fmt: str, outdir: Path, timeout: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [SOFFICE or "soffice", f"-env:UserInstallation={_profile(Path(profile))}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), *(str(s) for s in srcs)],
            check=True, capture_output=True, timeout=timeout,
        )
