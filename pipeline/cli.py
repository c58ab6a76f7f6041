"""Command line: a thin shell over the library, in Chinese (pipeline/cli_parser.py); also the `gknb` command.

Exit codes: 0 clean, 1 problems found, 2 unusable input or wrong arguments, 3 (report) incomplete: some
outputs were open in another program and kept their earlier content (pipeline/run/inuse.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from pipeline.cli_parser import ERROR_EXIT, ChineseArgumentParser
from pipeline.documents.rules_list import rules_markdown, rules_text
from pipeline.errors import UserProblem
from pipeline.run.parallel import default_jobs


def _templates(args: argparse.Namespace) -> int:
    """Write the blank template, or one per roster body.

    Example: python -m pipeline templates --out input_templates
             python -m pipeline templates --roster 单位名单.xlsx --year 2024 --out output/2024/填报模板
             python -m pipeline templates --roster 单位名单.xlsx --year 2024 --history output/2023 --out 模板
    """
    from pipeline.decide.history import load_history
    from pipeline.decide.roster import read_roster
    from pipeline.template.build import TEMPLATE_FILENAME, build_template
    from pipeline.template.personal import history_templates_line, write_personal_templates

    if not args.roster:
        if args.history:
            raise UserProblem("--history 只用于按单位名单生成的模板，请同时指定 --roster 和 --year")
        say(f"已生成填报模板：{build_template(Path(args.out) / TEMPLATE_FILENAME)}")
        return 0
    if args.year is None:
        raise UserProblem("按单位名单生成模板时须指定 --year（报告年度）")
    roster = read_roster(Path(args.roster))
    history = load_history(args.history, roster=roster) if args.history else None
    paths = write_personal_templates(roster, args.year, Path(args.out), history=history)
    say(f"已为 {len(paths)} 个单位生成填报模板（单位名称、类型、代码和年度已填好并锁定）：{args.out}")
    if history is not None:
        say(history_templates_line(roster, args.year, history))
    return 0


def _rules(args: argparse.Namespace) -> int:
    """List every rule in Chinese. Example: python -m pipeline rules --markdown"""
    say((rules_markdown() if args.markdown else rules_text()).removesuffix("\n"))
    return 0


def _check(args: argparse.Namespace) -> int:
    """Check one workbook. Example: python -m pipeline check 青同镇.xlsx --json"""
    from pipeline.file_check import check_file
    from pipeline.history_check import check_file_with_history

    result = (check_file_with_history(Path(args.file), args.year, args.history) if args.history
              else check_file(Path(args.file), args.year))
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
    """Read an inbox and write every output. Example: python -m pipeline report --inbox 收件箱 --year 2024

    Without --year: the year most workbooks of the inbox state (pipeline/decide/year.py).
    """
    from pipeline.run.collector import collecting_never, release, set_aside

    with collecting_never():  # importing makes many lasting objects and no garbage: nothing to collect
        from pipeline.decide.hierarchy import Region
        from pipeline.report import RunOptions, run_report, summary_text
        from pipeline.run.inuse import in_use_message

        set_aside()  # before the collector runs again: no pass walks them (the run releases them when it ends)

    options = RunOptions(roster=Path(args.roster) if args.roster else None, deadline=args.deadline or "",
                         thresholds=dict(args.threshold or []), jobs=args.jobs or default_jobs(),
                         body_outputs=not args.only_rollup, use_cache=not args.no_cache,
                         history=tuple(args.history or ()),
                         region=Region((args.region or "").strip(), (args.region_code or "").strip()))
    try:
        result = run_report(Path(args.inbox), args.year, Path(args.out), options=options)
    finally:
        release()  # what was set aside, also when the run stopped before it began (no inbox, a busy folder)
    say(summary_text(result))
    for text in result.notices:
        print(text, file=sys.stderr)
    if result.in_use:
        print(in_use_message(result.in_use, result.outdir), file=sys.stderr)
    return result.exit_code


def _threshold(text: str) -> tuple[str, tuple[float, float]]:
    from pipeline.decide.indicators import parse_threshold

    try:
        return parse_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


_HISTORY_HELP = "上年数据（可重复）：上年的输出文件夹、报送台账、工作簿或公开的年度报告，或放有它们的文件夹；默认用 输出文件夹/上一年度"


def build_parser(prog: str = "python -m pipeline") -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog=prog, description="政府信息公开工作年度报告 汇总工具")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                                parser_class=ChineseArgumentParser)
    p = sub.add_parser("templates", help="生成填报模板（指定单位名单时为每个单位生成一份）",
                       description="生成填报模板（指定单位名单时为每个单位生成一份）")
    p.add_argument("--out", default="input_templates", metavar="文件夹", help="模板写到哪个文件夹（默认 input_templates）")
    p.add_argument("--roster", default=None, metavar="单位名单", help="单位名单（.xlsx 或 .csv）")
    p.add_argument("--year", type=int, default=None, metavar="年度", help="报告年度")
    p.add_argument("--history", action="append", type=Path, metavar="路径",
                   help="上年数据（可重复，同 report 命令）：模板带上年的结转下年度和现行有效件数，“校验”表做跨年度核对")
    p.set_defaults(func=_templates)
    p = sub.add_parser("rules", help="列出全部校验规则", description="列出全部校验规则")
    p.add_argument("--markdown", action="store_true", help="以 Markdown 表格列出（docs/rules.md 即由此生成）")
    p.set_defaults(func=_rules)
    p = sub.add_parser("check", help="检查一个工作簿或已公开的年度报告（网页、Word、PDF、文本）",
                       description="检查一个工作簿或已公开的年度报告（网页、Word、PDF、文本），中文列出问题")
    p.add_argument("file", metavar="文件", help="要检查的 .xlsx 工作簿，或 .html/.docx/.pdf/.txt 年度报告")
    p.add_argument("--year", type=int, default=None, metavar="年度", help="报告年度（默认取工作簿中填写的年度）")
    p.add_argument("--json", action="store_true", help="以 JSON 列出问题")
    p.add_argument("--history", action="append", type=Path, metavar="路径", help=_HISTORY_HELP)
    p.set_defaults(func=_check)
    p = sub.add_parser("import", help="把已公开的年度报告（网页、Word、PDF、文本）转成填好的填报模板",
                       description="把已公开的年度报告（网页、Word、PDF、文本）转成填好的填报模板")
    p.add_argument("files", nargs="+", metavar="文件", help="一个或多个年度报告文件")
    p.add_argument("--out", required=True, metavar="文件夹", help="填好的模板写入的文件夹")
    p.set_defaults(func=_import)
    p = sub.add_parser("report", help="汇总收件箱中的全部工作簿", description="汇总收件箱中的全部工作簿，写出全部结果")
    p.add_argument("--inbox", required=True, metavar="收件箱",
                   help="收件文件夹，或邮件“下载全部附件”得到的 .zip 文件")
    p.add_argument("--year", type=int, default=None, metavar="年度",
                   help="报告年度（默认：收件箱中多数工作簿填写的年度）")
    p.add_argument("--out", default="output", metavar="输出文件夹", help="结果写到 <输出文件夹>/<年度>/（默认 output）")
    p.add_argument("--roster", default=None, metavar="单位名单", help="单位名单（.xlsx 或 .csv），用于列出未报送的单位")
    p.add_argument("--deadline", default=None, metavar="日期", help="退回件的重新报送截止日期，例如 2025-01-25")
    p.add_argument("--threshold", action="append", type=_threshold, metavar="指标=黄,红",
                   help="修改“指标”表的预警值（百分数，可重复），例如 --threshold 实质公开率=60,40 --threshold 纠错率=0,10")
    p.add_argument("--jobs", type=_positive, default=None, metavar="进程数", help="并行进程数（默认：处理器核数）")
    p.add_argument("--only-rollup", action="store_true", help="只做校验、问题清单和汇总表，不生成各单位的文件")
    p.add_argument("--no-cache", action="store_true", help="不使用上次运行留下的缓存，全部重新读取和生成")
    p.add_argument("--history", action="append", type=Path, metavar="路径", help=_HISTORY_HELP)
    p.add_argument("--region", default=None, metavar="区划名称",
                   help="本级区划的名称，例如 某某县；写入汇总表，上级汇总时凭它识别（上报的汇总表必须写明）")
    p.add_argument("--region-code", default=None, metavar="区划代码", help="本级的行政区划代码，例如 331102（可不填）")
    p.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None, prog: str = "python -m pipeline") -> int:
    """Run one command; a problem the user can fix is said in Chinese on stderr, with its exit code."""
    args = build_parser(prog).parse_args(argv)
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


def console(prog: str = "gknb") -> NoReturn:
    """The `gknb` command (and python -m pipeline): run, then leave at once.

    Every output is written, closed and renamed into place by then. A province's run holds millions of
    small objects, and tearing them down one by one costs half a second nobody waits for.
    """
    chinese_streams()
    try:
        code = main(prog=prog)
    except SystemExit as stop:  # argparse: -h, or a wrong argument (already said in Chinese)
        code = stop.code if isinstance(stop.code, int) else ERROR_EXIT
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def chinese_streams() -> None:
    """Let the terminal take every character we print: a Chinese Windows console piped to a file is GBK,
    which lacks ✓ and ✗ (GB18030, its superset, has them); any other encoding shows what it lacks as '?'."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if not isinstance(stream, io.TextIOWrapper) or encoding.startswith("utf"):
            continue
        if encoding in ("gbk", "cp936", "gb2312"):
            stream.reconfigure(encoding="gb18030")
        else:
            stream.reconfigure(errors="replace")
