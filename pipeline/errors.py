"""Problems a user can cause, raised by the library and turned into Chinese messages by the CLI.

One base class, so a program using the library catches every such problem with one except clause;
each message is Chinese and names the file (and where in it) or the folder concerned. Bugs in this
program are not UserProblems and surface as they are.
"""

from __future__ import annotations

from pipeline.types import Rect


class UserProblem(Exception):
    """A problem the user can fix (a path, a file, a busy folder); str() is the Chinese message."""

    exit_code = 2  # the CLI's code for "could not run"


class InboxProblem(UserProblem):
    """The inbox is missing or holds nothing to read."""


class RosterProblem(UserProblem):
    """The roster (单位名单) cannot be used; the message names the file and row."""


class RunBusy(UserProblem):
    """Another run holds the output folder; the message says what that run wrote about itself."""


class OutputProblem(UserProblem):
    """The output folder cannot be written (permissions, a full disk)."""


class WorkbookProblem(UserProblem):
    """One file cannot be used as a submission; carries the rule id and where the problem is.

    Raised inside a reader and turned into that file's Issue: one bad file never stops a batch.
    """

    def __init__(self, rule: str, detail: str, sheet: str = "", cells: tuple[Rect, ...] = (), value: str = "") -> None:
        super().__init__(detail)
        self.rule, self.detail, self.sheet, self.cells, self.value = rule, detail, sheet, cells, value
