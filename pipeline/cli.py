"""Command line: a thin shell over the library. Exit codes: 0 clean, 1 problems found, 2 unusable input."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pipeline.documents.rules_list import rules_markdown, rules_text
from pipeline.errors import UserProblem
from pipeline.run.parallel import default_jobs


def _templates(args: argparse.Namespace) -> int:
    """Write the blank template, or one per roster body.

    Example: python -m pipeline templates --out input_templates
             python -m pipeline templates --roster 单位名单.xlsx --year 2024 --out output/2024/填报模板
    """
    from pipeline.decide.roster import read_roster
    from pipeline.template.build import TEMPLATE_FILENAME, build_template
    from pipeline.template.personal import write_personal_templates

    if not args.roster:
        say(f"已生成填报模板：{build_template(Path(args.out) / TEMPLATE_FILENAME)}")
        return 0
    if args.year is None:
        raise UserProblem("按单位名单生成模板时须指定 --year（报告年度）")
    roster = read_roster(Path(args.roster))
    paths = write_personal_templates(roster, args.year, Path(args.out))
    say(f"已为 {len(paths)} 个单位生成填报模板（单位名称、类型、代码和年度已填好并锁定）：{args.out}")
    return 0


def _rules(args: argparse.Namespace) -> int:
    """List every rule in Chinese. Example: python -m pipeline rules --markdown"""
    say((rules_markdown() if args.markdown else rules_text()).removesuffix("\n"))
    return 0


def _check(args: argparse.Namespace) -> int:
    """Check one workbook. Example: python -m pipeline check 青同镇.xlsx --json"""
    from pipeline.file_check import check_file

    result = check_file(Path(args.file), args.year)
    if args.json:
        say(json.dumps([i.as_dict() for i in result.issues], ensure_ascii=False, indent=2))
    else:
        say(result.summary())
    code: int = result.exit_code
    return code


def _import(args: argparse.Namespace) -> int:
    """Published reports as filled templates. Example: python -m pipeline import 某单位年报.pdf --out 导入"""
    from pipeline.outputs.imports import import_reports

    results = import_reports([Path(f) for f in args.files], Path(args.out))
    for r in results:
        note = f"（{r.unplaced} 个数字未能读取，已标明）" if r.unplaced else ""
        say(f"{r.file}：已导入为 {r.dest}{note}" if r.dest else f"{r.file}：无法导入：{r.problem and r.problem.message}")
    return 0 if all(r.dest for r in results) else 2


def _report(args: argparse.Namespace) -> int:
    """Read an inbox and write every output. Example: python -m pipeline report --inbox 收件箱 --year 2024"""
    from pipeline.report import RunOptions, run_report, summary_text

    options = RunOptions(roster=Path(args.roster) if args.roster else None, deadline=args.deadline or "",
                         thresholds=dict(args.threshold or []), jobs=args.jobs or default_jobs(),
                         body_outputs=not args.only_rollup, use_cache=not args.no_cache)
    result = run_report(Path(args.inbox), args.year, Path(args.out), options=options)
    say(summary_text(result))
    return result.exit_code


def _threshold(text: str) -> tuple[str, tuple[float, float]]:
    from pipeline.decide.indicators import parse_threshold

    try:
        return parse_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="政府信息公开工作年度报告 汇总工具")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("templates", help="生成填报模板（指定单位名单时为每个单位生成一份）")
    p.add_argument("--out", default="input_templates")
    p.add_argument("--roster", default=None, help="单位名单（.xlsx 或 .csv）")
    p.add_argument("--year", type=int, default=None, help="报告年度")
    p.set_defaults(func=_templates)
    p = sub.add_parser("rules", help="列出全部校验规则")
    p.add_argument("--markdown", action="store_true")
    p.set_defaults(func=_rules)
    p = sub.add_parser("check", help="检查一个工作簿或已公开的年度报告（网页、Word、PDF、文本）")
    p.add_argument("file")
    p.add_argument("--year", type=int, default=None, help="报告年度（默认取工作簿中填写的年度）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_check)
    p = sub.add_parser("import", help="把已公开的年度报告（网页、Word、PDF、文本）转成填好的填报模板")
    p.add_argument("files", nargs="+", metavar="文件")
    p.add_argument("--out", required=True, metavar="文件夹", help="填好的模板写入的文件夹")
    p.set_defaults(func=_import)
    p = sub.add_parser("report", help="汇总收件箱中的全部工作簿")
    p.add_argument("--inbox", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", default="output")
    p.add_argument("--roster", default=None, help="单位名单（.xlsx 或 .csv），用于列出未报送的单位")
    p.add_argument("--deadline", default=None, help="退回件的重新报送截止日期，例如 2025-01-25")
    p.add_argument("--threshold", action="append", type=_threshold, metavar="指标=黄,红",
                   help="修改“指标”表的预警值（百分数，可重复），例如 --threshold 实质公开率=60,40 --threshold 纠错率=0,10")
    p.add_argument("--jobs", type=_positive, default=None, help="并行进程数（默认：CPU核数）")
    p.add_argument("--only-rollup", action="store_true", help="只做校验、问题清单和汇总表，不生成各单位的文件")
    p.add_argument("--no-cache", action="store_true", help="不使用上次运行留下的缓存，全部重新读取和生成")
    p.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a problem the user can fix is said in Chinese on stderr, with its exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except UserProblem as problem:
        print(f"错误：{problem}", file=sys.stderr)
        return problem.exit_code
    return code


def say(text: str) -> None:
    """Print to stdout; a reader that went away (make report | head) is no problem of the run's."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _quiet_closed_stdout()


def _quiet_closed_stdout() -> None:
    """Point stdout at nothing, so the interpreter's final flush does not complain about the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)
