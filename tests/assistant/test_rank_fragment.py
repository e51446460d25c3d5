"""The ranker's `fragment` feature: a unit that starts inside a sentence, such as the rest of a
sentence that began on the page before, is told from one that starts a sentence."""

from __future__ import annotations

import pytest

from assistant.rank import fragment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13\nwithin the proposed settlement. In monetary terms, the county ...", True),
        ("and the Council agreed to defer the item.", True),
        (", as the report set out, the grant was cut.", True),
        ("RESOLVED that the budget be approved.", False),
        ("“That the Board notes the report.”", False),
        ("12. Harbour dredging\nThe Board agreed the contract.", False),
        ("", False),
    ],
)
def test_a_unit_starting_inside_a_sentence_is_a_fragment(text, expected):
    assert fragment(text) is expected
