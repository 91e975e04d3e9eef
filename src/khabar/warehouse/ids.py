"""Stable ids: a pure function of content, never of run, clock or order."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """Hex digest of the parts joined by a separator that cannot occur in them."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def sentence_id(article_id: str, index: int) -> str:
    return f"{article_id}-{index:04d}"


def sentence_index(sentence_id: str) -> int:
    return int(sentence_id.rsplit("-", 1)[1])
