"""Where one run's CPU time goes: the report run in this process, with chosen functions timed (process time).

Usage: python -m tests.bench_stages [report arguments ...]
  e.g. python -m tests.bench_stages --inbox tests/.cache/bench/9600/inbox --year 2024 --out /tmp/x --only-rollup --jobs 1 --no-cache

Each stage's function is replaced by a timed wrapper where it is looked up (the module that calls it), so the
figures are its calls' total CPU seconds, nested stages counted in each. Not a benchmark of its own: a map
of one run, for deciding where to look; compare trees with tests/bench_footing.py.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

# (module that calls it, function name): the stages of docs/architecture.md as report.py and intake.py call them
STAGES = (("pipeline.report", "_decide"), ("pipeline.reading.intake", "read_strict"), ("pipeline.reading.intake", "inspect"),
          ("pipeline.reading.intake", "read_submission"),
          ("pipeline.checks.runner", "check_chunk"), ("pipeline.report", "build_tree"),
          ("pipeline.report", "save_accepted"), ("pipeline.report", "_write_outputs"))


def timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
    return wrapper


def main(argv: list[str]) -> int:
    start = time.process_time()
    cli = importlib.import_module("pipeline.cli")
    importlib.import_module("pipeline.report")
    imported = time.process_time() - start
    spent: dict[str, float] = {}
    for module_name, function_name in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, function_name):
            setattr(module, function_name, timed(spent, function_name, getattr(module, function_name)))
    start = time.process_time()
    code = int(cli.main(["report", *argv]))
    print(f"启动和导入库 {imported:.2f} 秒，运行 {time.process_time() - start:.2f} 秒（CPU）", file=sys.stderr)
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:20s} {seconds:7.2f} 秒", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
