"""code_problem is remembered per text: asking again, in any spelling, gives what a fresh check gives."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from pipeline.common.creditcode import CHARSET, code_problem
from tests.factories import make_code

SPELLINGS = st.sampled_from([lambda c: c, str.lower, lambda c: f" {c} ", lambda c: c[:-1], lambda c: c[:-1] + "I",
                             lambda c: c[:-1] + next(x for x in CHARSET if x != c[-1])])


@given(st.integers(0, 10**6), st.lists(SPELLINGS, min_size=1, max_size=6))
def test_a_remembered_answer_is_the_fresh_one(seed: int, spellings: list[Callable[[str], str]]) -> None:
    code = make_code(seed)
    for spell in spellings * 2:  # each spelling asked twice: the second answer comes from the cache
        assert code_problem(spell(code)) == code_problem.__wrapped__(spell(code))
    assert code_problem(code) == "" and code_problem(code[:-1]) == "应为18位，实为17位"
