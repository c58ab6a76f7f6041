"""Outputs that could not be replaced because another program has them open (Excel or WPS on Windows).

Windows refuses to replace or delete a file that is open in Excel or WPS (os.replace raises
PermissionError). Such an output keeps its earlier content; the run notes it here, goes on with every
other output, and at the end says in Chinese which files to close (and exits with INCOMPLETE).

Worker processes note theirs too: pipeline/run/parallel.py sends each call's notes back with its result.
"""

from __future__ import annotations

from pathlib import Path

INCOMPLETE = 3  # the exit code of a run that wrote everything except outputs that were open elsewhere

_blocked: list[Path] = []


def note_in_use(dest: Path) -> None:
    """Record that dest kept its earlier content because it is open in another program."""
    if dest not in _blocked:
        _blocked.append(dest)


def taken() -> list[Path]:
    """The outputs noted since the last call, and forget them."""
    noted = list(_blocked)
    _blocked.clear()
    return noted


def noted() -> list[Path]:
    """The outputs noted so far (without forgetting them)."""
    return list(_blocked)


def in_use_message(paths: list[Path], outdir: Path) -> str:
    """What to tell the coordinator, one line per file, named relative to the output folder."""
    lines = []
    for path in sorted(paths):
        try:
            shown = path.relative_to(outdir).as_posix()
        except ValueError:
            shown = str(path)
        lines.append(f"未能更新：{shown}——该文件正被 Excel、WPS 或其他程序打开，旧文件已保留。"
                     f"请先关闭正在打开的 {path.name}，然后重新运行。")
    lines.append(f"本次汇总不完整：其余输出文件均已写好，但以上 {len(paths)} 个文件仍是上次的结果（退出码 {INCOMPLETE}）。")
    return "\n".join(lines)
