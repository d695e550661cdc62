"""Search GB/T 4754-2017 by Chinese name, pinyin, pinyin initials or code.

Enumerators type what the unit says it does; the census office then picks the
4-digit class. This module ranks candidates for that pick, best first:

1. exact name, code or initials;
2. prefix (``"汽车"``, ``"qiche"``, ``"qczzy"``, ``"36"``);
3. initials typed as a subsequence from the first character (``"qczz"`` finds
   汽车整车制造, q-c-z-(c)-z-z), tighter spans first;
4. substring further in (``"xxfw"`` in 互联网信息服务);
5. initials subsequence starting further in.

Ties go to shorter names, then to the code. Pinyin comes from ``pypinyin``
(offline, ships its dictionary) with its phrase-aware readings (银行 yin-hang,
行业 hang-ye, 会计 kuai-ji), built into an index on the first search and cached.
``v`` stands for ``ü`` (旅 = ``lv``), as on a keyboard.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from pypinyin import lazy_pinyin

from econwatch.core.codes import industry
from econwatch.core.codes.text import compact

_CJK: Final = re.compile(r"[\u3400-\u9fff]")
_CODE_QUERY: Final = re.compile(r"[A-Ta-t]?[0-9]{1,4}")

# Rank of a match: lower is better.
_EXACT, _PREFIX, _ANCHORED, _SUBSTRING, _SUBSEQUENCE = 0, 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class _Entry:
    item: industry.Industry
    section: str
    syllables: tuple[str, ...]
    initials: str


@functools.cache
def _index() -> tuple[_Entry, ...]:
    entries = []
    for item in industry.industries():
        syllables = tuple(s.lower() for s in lazy_pinyin(item.name, errors="ignore"))
        entries.append(
            _Entry(
                item=item,
                section=industry.section_of(item.code).code.lower(),
                syllables=syllables,
                initials="".join(s[0] for s in syllables if s),
            )
        )
    return tuple(entries)


def search(
    query: str, *, level: int | None = None, limit: int = 20
) -> list[industry.Industry]:
    """Find industries matching a query; see :func:`industry.search`.

    Args:
        query: Chinese text, pinyin, pinyin initials or a code prefix.
        level: Only return entries of this level.
        limit: At most this many results.

    Returns:
        The matches, best first.
    """
    text = compact(query).lower()
    if not text:
        return []
    scored: list[tuple[tuple[int, int, int, str], industry.Industry]] = []
    for entry in _index():
        if level is not None and entry.item.level != level:
            continue
        score = _score(text, entry)
        if score is not None:
            item = entry.item
            scored.append(((score[0], score[1], len(item.name), item.code), item))
    scored.sort(key=lambda pair: pair[0])
    return [item for _key, item in scored[:limit]]


def _score(text: str, entry: _Entry) -> tuple[int, int] | None:
    if _CODE_QUERY.fullmatch(text):
        return _score_code(text, entry)
    if _CJK.search(text):
        return _score_plain(text, entry.item.name)
    if not text.isascii() or not text.isalpha():
        return None
    found = [
        score
        for score in (
            _score_syllables(text, entry.syllables),
            _score_initials(text, entry.initials),
        )
        if score is not None
    ]
    return min(found) if found else None


def _score_code(text: str, entry: _Entry) -> tuple[int, int] | None:
    item = entry.item
    digits = text.lstrip("abcdefghijklmnopqrst")
    # A section letter typed before the digits must be the entry's section.
    if digits != text and entry.section != text[0]:
        return None
    if item.code == digits:
        return (_EXACT, 0)
    if item.code.startswith(digits) and item.code.isdigit():
        return (_PREFIX, len(item.code))
    return None


def _score_plain(text: str, name: str) -> tuple[int, int] | None:
    if name == text:
        return (_EXACT, 0)
    if name.startswith(text):
        return (_PREFIX, 0)
    if text in name:
        return (_SUBSTRING, name.index(text))
    return None


def _score_syllables(text: str, syllables: tuple[str, ...]) -> tuple[int, int] | None:
    """Match full pinyin (``"qiche"``) as a run of syllables, the last unfinished."""
    for start in range(len(syllables)):
        if _spells(text, syllables, start):
            return (_PREFIX if start == 0 else _SUBSTRING, start)
    return None


def _spells(text: str, syllables: tuple[str, ...], at: int) -> bool:
    while text and at < len(syllables):
        syllable = syllables[at]
        if syllable.startswith(text):
            return True
        if not text.startswith(syllable):
            return False
        text, at = text[len(syllable) :], at + 1
    return not text


def _score_initials(text: str, initials: str) -> tuple[int, int] | None:
    if initials == text:
        return (_EXACT, 0)
    if initials.startswith(text):
        return (_PREFIX, len(text))
    anchored = _subsequence_span(text, initials, 0)
    if anchored is not None:
        return (_ANCHORED, anchored)
    if text in initials:
        return (_SUBSTRING, initials.index(text))
    spans = [
        span
        for start, letter in enumerate(initials)
        if letter == text[0]
        and (span := _subsequence_span(text, initials, start)) is not None
    ]
    return (_SUBSEQUENCE, min(spans)) if spans else None


def _subsequence_span(text: str, initials: str, start: int) -> int | None:
    """Length of the shortest run from ``start`` holding ``text`` in order."""
    if not initials.startswith(text[0], start):
        return None
    position = start
    for letter in text:
        position = initials.find(letter, position)
        if position < 0:
            return None
        position += 1
    return position - start
