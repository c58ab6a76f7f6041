"""Write docs/benchmark.md from the figures of `make bench`, with a description of the machine."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any

LIBRARIES = ("python-calamine", "pandas", "pandera", "numpy", "xlsxwriter", "openpyxl")
GIB = 2**30
LABELS = {
    "d": "(d) 下限：python-calamine 读取每个工作表，别的什么也不做",
    "a": "(a) 汇总报告，只做校验和汇总（`--only-rollup`，2 个进程）",
    "a1": "(a) 同上，1 个进程（`--jobs 1`）",
    "h1": "(a) 同上，1 个进程，有全部单位的上年数据（`--history`，跨年度核对和与上年对比）",
    "b1": "(b) 汇总报告，生成每个单位的全部文件，1 个进程",
    "b2": "(b) 同上，2 个工作进程",
    "c": "(c) 常规写法：pandas.read_excel(openpyxl) + 每表一次 pandera（只测前 {naive} 个工作簿）",
    "full": "完整运行（(b)，2 个进程，缓存为空）",
    "unchanged": "再次运行，没有任何改动",
    "rerun": "再次运行，改动了 {changed} 个工作簿（每 1,000 个中 1 个）",
    "imports": "只启动 Python 并导入本工具用到的库（任何一次运行的固定开销）",
    "clean": "对改动后的收件箱全新运行（`--no-cache`），用于核对结果",
}


def machine() -> list[str]:
    """nproc, CPU model, memory, system, Python and library versions."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    libs = "，".join(f"{name} {version(name)}" for name in LIBRARIES)
    return [f"- CPU：{os.cpu_count()} 核（nproc），{model}", f"- 内存：{mem / 2**20:.1f} GiB",
            f"- 系统：{platform.system()} {platform.release()}；Python {platform.python_version()}", f"- 库：{libs}"]


def _run_rows(result: Any, naive: int) -> list[str]:
    rows = ["| 运行 | 总时间 (秒) | 每个工作簿 (毫秒) | CPU (秒) | 最大单进程内存 (MiB) | 进程树内存 (MiB)，峰值时各进程 "
            "| 同时其他程序占用 CPU (秒) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, run in result.runs.items():
        per = result.per_file.get(key)
        parts = "+".join(f"{p / 2**20:.0f}" for p in run.tree_parts)
        rows.append(f"| {LABELS[key].format(naive=naive, changed=result.changed)} | {run.wall:.2f} | {'' if per is None else f'{per * 1000:.2f}'} "
                    f"| {run.cpu:.2f} | {run.max_rss / 2**20:.0f} | {run.tree_rss / 2**20:.0f}（{parts}） "
                    f"| {run.others_cpu:.1f} |")
    return rows


def targets(result: Any) -> list[str]:
    """The issue's targets, each with the measured figure and whether it is met."""
    p, r = result.per_file, result.runs
    checks = [
        ("(a) 校验和汇总在 1 个进程内不超过下限 (d) 的 2 倍（同为 1 个进程，交替运行各 3 次取中位数）",
         f"a1/d = {p['a1'] / p['d']:.2f}", p["a1"] <= 2 * p["d"]),
        ("有全部单位的上年数据时，校验和汇总的用时不超过没有上年数据时的 1.1 倍（1 个进程对 1 个进程，交替运行各 3 次取中位数）",
         f"h1/a1 = {p['h1'] / p['a1']:.3f}", p["h1"] <= 1.1 * p["a1"]),
        ("(a) 2 个进程不超过下限 (d) 的 2 倍", f"a/d = {p['a'] / p['d']:.2f}", p["a"] <= 2 * p["d"]),
        ("(a) 每个工作簿比常规写法 (c) 快 20 倍以上", f"c/a = {p['c'] / p['a']:.1f}", p["c"] >= 20 * p["a"]),
        ("(b) 2 个进程比 1 个快 1.7 倍以上", f"{r['b1'].wall / r['b2'].wall:.2f} 倍", r["b1"].wall >= 1.7 * r["b2"].wall),
        ("(a)(b) 内存峰值低于 1 GiB（按进程树合计）",
         "，".join(f"{k} {r[k].tree_rss / 2**20:.0f} MiB" for k in ("a", "b1", "b2")),
         all(r[k].tree_rss < GIB for k in ("a", "b1", "b2"))),
        (f"每 1,000 个工作簿改动 1 个（共 {result.changed} 个）后再次运行，用时低于完整运行的 5%",
         f"{r['rerun'].wall:.2f} / {r['full'].wall:.2f} 秒 = {r['rerun'].wall / r['full'].wall:.1%}"
         f"（其中启动和导入库 {r['imports'].wall:.2f} 秒 = {r['imports'].wall / r['full'].wall:.1%}）",
         r["rerun"].wall < 0.05 * r["full"].wall),
        ("再次运行的结果与全新运行完全相同（逐字节）", "相同" if result.rerun_identical else "不同", result.rerun_identical),
    ]
    return ["| 目标 | 实测 | 达到 |", "| --- | --- | --- |"] + [
        f"| {goal} | {figure} | {'是' if ok else '否'} |" for goal, figure, ok in checks]


def write_doc(dest: Path, results: list[Any], command: str, naive: int = 500, more: list[str] | None = None) -> Path:
    """docs/benchmark.md; more: further sections (the hierarchy's: tests/bench_hierarchy.hierarchy_section)."""
    lines = ["# 性能基准", "", f"本文件由 `{command}`（`python -m tests.bench`）生成，"
             f"{dt.date.today().isoformat()} 在下面这台机器上实测；请勿手工修改。", "", "## 机器", "", *machine(), ""]
    lines += ["## 测量方法", "", *METHOD, ""]
    for result in results:
        lines += [f"## {result.bodies:,} 个单位（{result.files:,} 个工作簿）", "", "### 目标", "", *targets(result), "",
                  "### 各次运行", "", *_run_rows(result, min(naive, result.files)), ""]
    dest.write_text("\n".join(lines + (more or [])), encoding="utf-8")
    return dest


def replace_section(dest: Path, section: list[str]) -> Path:
    """Put section (a '## ' heading first, a blank line last) in place of dest's section of that heading, or at
    its end: `python -m tests.bench_hierarchy` measures only its own figures, the other sections stay as written."""
    lines = dest.read_text(encoding="utf-8").split("\n")
    if lines[-1]:
        lines.append("")
    start = lines.index(section[0]) if section[0] in lines else len(lines)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    dest.write_text("\n".join(lines[:start] + section + lines[end:]), encoding="utf-8")
    return dest


METHOD = [
    "- 工作簿由 `tests/bench_data.py` 用正式模板生成（随机的合规数字，约 1/8 带常见错误，约 1/50 另有一份被替代的初稿，"
    "文字部分从一句到数千字不等），缓存在 `tests/.cache/bench/<N>/`。",
    "- 每项都作为独立进程计时（含 Python 启动和导入库），取 2 次中较快的一次；(c) 只运行 1 次。"
    "(d) 和 1 个进程的 (a) 是同等条件下的比较：两者交替运行（d、a1、d、a1……）各 3 次，机器速度的漂移同时影响两边，"
    "各取 3 次的中位数。"
    "每次运行前等待机器空闲；运行期间其他程序占用超过 5% 个核（且多于 0.5 秒）的 CPU 时作废重测（最多 3 次）。"
    "计时前先把全部文件读一遍，各项运行都从内存中的页缓存读文件。",
    "- 上年数据（h1）：先对同一收件箱运行一次，把纳入汇总的单位改成上年的（结转下年度 = 本年的上年结转，现行有效 = 本年的"
    " − 制发 + 废止，其余数字略小，文字换成另一个单位的），存为上年的报送台账，与 d、a1 交替运行（`tests/bench_history.py`）。",
    "- (a)(b) 每次写入一个新的空输出文件夹，即没有缓存的首次运行（缓存照常写入，计入时间）。",
    "- (c) 很慢，只测收件箱排序后的前若干个工作簿，比较的是“每个工作簿”的时间。",
    "- 每 20 毫秒从 /proc 采样被测命令的整个进程树（主进程、fork server 及其生成的工作进程、资源跟踪进程）。"
    "CPU 是每个进程自身用户态加内核态时间之和。内存：“最大单进程”是内核记录的单个进程峰值（ru_maxrss）；"
    "“进程树”是各进程常驻内存之和的峰值（fork 出的进程与父进程共享的内存按进程重复计算，是上限），括号里是该时刻各进程的大小。",
    "- 再次运行：把收件箱硬链接复制一份，完整运行一次，每 1,000 个工作簿替换 1 个（新数字；1,000 个单位替换 1 个，"
    "10,000 个单位替换 10 个），再运行一次并计时（取 2 次中较快的一次，每次替换的内容都不同）；"
    "最后对同一收件箱做一次不用缓存的全新运行，逐字节比较两边输出文件夹的全部文件。"
    "报送台账和汇总表的“历次报送”工作表按设计记录了两轮报送，不逐字节比较；汇总表的其他工作表逐格比较。",
    "- “同时其他程序占用 CPU”是运行期间整台机器的 CPU 忙碌时间减去被测进程自己的 CPU 时间；"
    "明显大于 0 说明有别的程序在抢 CPU，该项时间偏慢。",
]
