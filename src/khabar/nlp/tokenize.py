"""Hindi tokenisation shared by the entity stage and the statistical NER that will follow it.

spaCy's blank ``hi`` pipeline is a rule-based tokenizer only (no model files to download).
It is built once per process because building it costs far more than tokenising an article.
"""

from __future__ import annotations

import functools

import spacy
from spacy.tokenizer import Tokenizer


@functools.cache
def hindi_tokenizer() -> Tokenizer:
    """The process-wide spaCy Hindi tokenizer."""
    tokenizer: Tokenizer = spacy.blank("hi").tokenizer
    return tokenizer


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Tokens of ``text`` as (surface, start, end) code-point offsets, end exclusive."""
    return [(t.text, t.idx, t.idx + len(t.text)) for t in hindi_tokenizer()(text)]
