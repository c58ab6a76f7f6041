"""An argparse parser that speaks Chinese: its usage line, headings, -h help and every error it can give.

argparse's own texts are English (gettext without a Chinese catalogue). Its headings and help are set
here; its errors all reach ArgumentParser.error() as English sentences, which are translated by the
patterns below (the same sentences in Python 3.11, 3.12 and 3.13). A sentence no pattern knows is
still shown in a Chinese frame, with its English kept so that nothing is lost.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

USAGE = "用法："
POSITIONALS = "位置参数"
OPTIONS = "选项"
HELP = "显示本帮助并退出"
ERROR_EXIT = 2

TYPE_NAMES = {"int": "整数", "float": "数", "_positive": "正整数", "_threshold": "预警值（指标=黄,红）"}


def _choices(text: str) -> str:
    return "、".join(part.strip().strip("'") for part in text.split(","))


def _type_name(name: str) -> str:
    return TYPE_NAMES.get(name, "值")


def _names(text: str) -> str:
    return text.replace(", ", "、")


# (English pattern as argparse writes it, Chinese)
_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"argument (?P<arg>.+?): (?P<rest>.*)", re.S), lambda m: f"参数 {m['arg']}：{translate(m['rest'])}"),
    (re.compile(r"the following arguments are required: (?P<names>.*)", re.S),
     lambda m: f"缺少必需的参数：{_names(m['names'])}"),
    (re.compile(r"one of the arguments (?P<names>.*) is required", re.S),
     lambda m: f"以下参数须指定其中一个：{_names(m['names'])}"),
    (re.compile(r"unrecognized arguments?: (?P<args>.*)", re.S), lambda m: f"无法识别的参数：{m['args']}"),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.*)", re.S),
     lambda m: f"{m['value']} 不是有效的{_type_name(m['type'])}"),
    (re.compile(r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", re.S),
     lambda m: f"没有 {m['value']} 这一项（可选：{_choices(m['choices'])}）"),
    (re.compile(r"expected one argument"), lambda m: "后面须给出一个值"),
    (re.compile(r"expected at least one argument"), lambda m: "后面须给出至少一个值"),
    (re.compile(r"expected at most one argument"), lambda m: "后面至多给出一个值"),
    (re.compile(r"expected (?P<n>\d+) arguments?"), lambda m: f"后面须给出 {m['n']} 个值"),
    (re.compile(r"ambiguous option: (?P<opt>\S+) could match (?P<matches>.*)", re.S),
     lambda m: f"选项 {m['opt']} 不明确，可能是：{_names(m['matches'])}"),
    (re.compile(r"not allowed with argument (?P<arg>.*)", re.S), lambda m: f"不能与参数 {m['arg']} 同时使用"),
    (re.compile(r"ignored explicit argument (?P<value>.*)", re.S), lambda m: f"此选项不带值，多余的值：{m['value']}"),
]


def translate(message: str) -> str:
    """argparse's English error sentence in Chinese (a Chinese sentence, e.g. from a type, as it is)."""
    for pattern, chinese in _MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            return chinese(match)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with a Chinese usage heading."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, -h help and errors are Chinese; errors end with exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h has an English help text
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ERROR_EXIT, f"错误：{translate(message)}\n请用 {self.prog} -h 查看用法。\n")
