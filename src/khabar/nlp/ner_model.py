"""The statistical Hindi NER behind ``extract_entities``'s ``model`` seam.

A small spaCy CNN pipeline (``models/ner_hi``, trained on HiNER by ``make train-ner``) finds
persons, places and organisations the gazetteer does not know. It only fills gaps: the
gazetteer's spans win (see ``entities._from_model``). spaCy is imported and the pipeline
loaded on first use, once per process, because loading costs far more than one article.
When the model directory is missing the pipeline runs on the gazetteer alone and says so
once, rather than failing a run over an optional component.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from khabar.model import Span
from khabar.nlp.entities import _TITLE_WORDS, _norm
from khabar.resources import REPO_ROOT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan

MODEL_DIR = REPO_ROOT / "models" / "ner_hi"
LABELS = frozenset({"PER", "LOC", "ORG"})
# A greedy transition-based NER has no per-span probability. Its spans get this fixed
# score, below every gazetteer method, so downstream code can tell them apart.
MODEL_SCORE = 0.5
_MAX_SPAN_TOKENS = 6  # longer model spans are run-ons on IL-NER dev, almost never names
# HiNER writes honorifics inside person names (श्री नरेन्द्र मोदी); khabar keeps them as roles.
_HONORIFICS = _TITLE_WORDS | {_norm(w) for w in ("प्रोफेसर", "प्रो", "शहीद", "Sri", "Shri")}


def _trim(ent: SpacySpan) -> tuple[int, int] | None:
    """Character offsets of ``ent`` without edge punctuation and, for persons, without
    leading titles; None when nothing is left."""
    tokens = list(ent)
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    if ent.label_ == "PER":
        while len(tokens) > 1 and _norm(tokens[0].text.rstrip(".")) in _HONORIFICS:
            tokens.pop(0)
            while len(tokens) > 1 and tokens[0].is_punct:
                tokens.pop(0)
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


class SpacyEntityModel:
    """A spaCy pipeline as an ``EntityModel``: sentences in, character-offset spans out.

    Sentences go through ``nlp.pipe`` as one batch per article, which is what makes the
    CNN fast enough for the entity stage's throughput target.
    """

    def __init__(self, nlp: Language, batch_size: int = 256) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    def __call__(self, text: str, sentences: Sequence[Span]) -> list[tuple[int, int, str, float]]:
        spans = list(sentences) or [Span(0, len(text))]
        texts = (text[s.start : s.end] for s in spans)
        found: list[tuple[int, int, str, float]] = []
        for span, doc in zip(spans, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            for ent in doc.ents:
                if ent.label_ not in LABELS or len(ent) > _MAX_SPAN_TOKENS:
                    continue
                trimmed = _trim(ent)
                if trimmed is not None:
                    start, end = trimmed
                    found.append((span.start + start, span.start + end, ent.label_, MODEL_SCORE))
        return found


@functools.cache
def _load(path: Path) -> SpacyEntityModel | None:
    if not (path / "meta.json").is_file():
        warnings.warn(
            f"no NER model at {path}: entities come from the gazetteer alone "
            "(run `make train-ner` to build it)",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    import spacy  # deferred: only runs that use the model pay for importing spaCy

    return SpacyEntityModel(spacy.load(path, exclude=["senter", "parser", "tagger"]))


def load_entity_model(path: Path | None = None) -> SpacyEntityModel | None:
    """The NER model at ``path`` (default ``models/ner_hi``), loaded once per process;
    None, with a single warning, when it is not there."""
    return _load((path or MODEL_DIR).resolve())


__all__ = ["MODEL_DIR", "SpacyEntityModel", "load_entity_model"]
