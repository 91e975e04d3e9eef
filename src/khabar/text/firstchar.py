"""A first-character guard for regexes that start with a lookbehind.

Python's ``re`` skips quickly to the characters a pattern can start with, unless the
pattern starts with an assertion: then it tries the whole pattern at every position. The
date rules all start with a word-boundary lookbehind and then an alternation of dozens of
words, so most of their time went to trying those words at word starts none of them can
begin at. ``guard_first_char`` adds a lookahead for the set of characters the rest of the
pattern can start with, right after the lookbehind: the same matches (the lookahead only
restates what the pattern needs), found a third faster on news text.
"""

from __future__ import annotations

import re
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_UNI_DIGIT: r"\d",
    _c.CATEGORY_UNI_SPACE: r"\s",
    _c.CATEGORY_UNI_WORD: r"\w",
}


class _Unknown(Exception):
    """The pattern has a construct whose first characters are not worked out here."""


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class (``[...]``) holding every character a match of ``pattern`` can
    start with, or None when that is not known (an empty match is possible, or the
    pattern uses ``.``, a negated class or a backreference first)."""
    try:
        found, nullable = _sequence(_p.parse(pattern, flags).data)
    except (_Unknown, re.error):  # re.error: not a pattern on its own (``lead`` cut a group)
        return None
    if nullable or not found:
        return None
    return "[" + "".join(sorted(found)) + "]"


def guard_first_char(regex: re.Pattern[str], lead: str) -> re.Pattern[str]:
    """``regex`` with a lookahead for its first characters inserted after ``lead``, a
    zero-width prefix of its pattern (a lookbehind); ``regex`` itself when the pattern does
    not start with ``lead`` or its first characters are not known."""
    guarded = guard_pattern(regex.pattern, lead, regex.flags)
    return regex if guarded == regex.pattern else re.compile(guarded, regex.flags)


def guard_pattern(pattern: str, lead: str, flags: int = 0) -> str:
    """``guard_first_char`` on a pattern string, so that the guarded pattern is the only
    one compiled: ``pattern`` with the lookahead after ``lead``, or unchanged."""
    if not pattern.startswith(lead):
        return pattern
    rest = pattern[len(lead) :]
    chars = first_chars(rest, flags)
    if chars is None:
        return pattern
    return f"{lead}(?={chars}){rest}"


def _sequence(items: Any) -> tuple[set[str], bool]:
    """First characters of a sequence of parsed items, and whether it can match empty."""
    found: set[str] = set()
    for op, av in items:
        first, nullable = _item(op, av)
        found |= first
        if not nullable:
            return found, False
    return found, True


def _item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _c.IN:
        return _charset(av), False
    if op is _c.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av.data)
    if op is _c.BRANCH:
        found: set[str] = set()
        nullable = False
        for alternative in av[1]:
            first, empty = _sequence(alternative.data)
            found |= first
            nullable |= empty
        return found, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        first, empty = _sequence(sub.data)
        return first, empty or low == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # zero-width: what follows starts the match
    raise _Unknown(op)


def _charset(items: Any) -> set[str]:
    found: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            found.add(re.escape(chr(av)))
        elif op is _c.RANGE:
            found.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            found.add(_CATEGORIES[av])
        else:  # a negated class, a negated category, ...
            raise _Unknown(op)
    return found
