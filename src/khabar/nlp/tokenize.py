"""Hindi tokenisation shared by the entity stage and the statistical NER that will follow it.

spaCy's blank ``hi`` pipeline is a rule-based tokenizer only (no model files to download).
It is built once per process because building it costs far more than tokenising an article.
"""

from __future__ import annotations

import functools

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.tokenizer import Tokenizer


@functools.cache
def hindi_tokenizer() -> Tokenizer:
    """The process-wide spaCy Hindi tokenizer."""
    tokenizer: Tokenizer = spacy.blank("hi").tokenizer
    return tokenizer


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Tokens of ``text`` as (surface, start, end) code-point offsets, end exclusive."""
    # Offsets from one array call: iterating the Doc would build a Token object per token.
    spans = hindi_tokenizer()(text).to_array([IDX, LENGTH]).tolist()
    return [(text[start : start + size], start, start + size) for start, size in spans]
