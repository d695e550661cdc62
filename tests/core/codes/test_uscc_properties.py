"""Laws of make_uscc: its output validates; any single-character change fails."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from econwatch.core.codes import uscc

PROVINCES = ["11", "32", "44", "65", "82"]

authority_and_category = st.sampled_from(
    [(a, c) for a, known in uscc.authorities().items() for c in known.categories]
)
divisions = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(PROVINCES),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
bodies = st.text(alphabet=uscc.ALPHABET, min_size=8, max_size=8)
# Replacement characters: the code alphabet plus the excluded letters.
replacements = st.sampled_from(uscc.ALPHABET + "IOSVZ")


@given(authority_and_category, divisions, bodies)
def test_make_uscc_output_always_validates(
    pair: tuple[str, str], division: str, body: str
) -> None:
    code = uscc.make_uscc(pair[0], pair[1], division, body)
    assert uscc.check(code) == []
    assert uscc.validate(code, strict=True) == code


@given(
    authority_and_category,
    divisions,
    bodies,
    st.integers(min_value=0, max_value=17),
    replacements,
)
def test_any_single_character_change_fails(
    pair: tuple[str, str], division: str, body: str, position: int, new: str
) -> None:
    code = uscc.make_uscc(pair[0], pair[1], division, body)
    if new == code[position]:
        new = uscc.ALPHABET[(uscc.ALPHABET.index(new) + 1) % len(uscc.ALPHABET)]
    changed = code[:position] + new + code[position + 1 :]
    assert not uscc.is_valid(changed)
    assert any(p.is_error for p in uscc.check(changed))
