"""The statistical Hindi NER behind ``extract_entities``'s ``model`` seam.

A small spaCy CNN pipeline (``models/ner_hi``, trained on HiNER by ``make train-ner``) finds
persons, places and organisations the gazetteer does not know. It mostly fills gaps: the
gazetteer's spans win, except for a place inside a longer organisation or place name (see
``entities._from_model``). spaCy is imported and the pipeline loaded on first use, once per
process, because loading costs far more than one article. When the model directory is
missing the pipeline runs on the gazetteer alone and says so once, rather than failing a
run over an optional component.

spaCy's greedy transition-based NER keeps no per-entity probability, so this module runs the
same greedy decoding itself (``_ScoredDecoder``: the same network, the same best valid action
at every token, the same entities) and keeps the softmax probability of each action taken.
An entity's confidence is the lowest probability among its actions; spans below
``THRESHOLD`` are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from khabar.model import Span
from khabar.nlp.entities import _TITLE_WORDS, _norm, _wordset
from khabar.resources import MODEL_DIR

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Token as SpacyToken

LABELS = frozenset({"PER", "LOC", "ORG"})
# Lowest entity confidence kept: tuned on IL-NER Hindi dev (evaluation and threshold tuning
# only, never training) for strict micro F1 of the whole entity stage; see benchmarks/ner.py.
THRESHOLD = 0.5
# Model confidences are capped below the gazetteer's 1.0 so downstream code can rank them.
_MAX_SCORE = 0.99
_MAX_SPAN_TOKENS = 6  # longer model spans are run-ons on IL-NER dev, almost never names
# HiNER writes honorifics inside person names (श्री नरेन्द्र मोदी); khabar keeps them as roles.
_HONORIFICS = _TITLE_WORDS | {_norm(w) for w in ("प्रोफेसर", "प्रो", "शहीद", "Sri", "Shri")}
# Closed-class words a name never starts or ends with: postpositions, conjunctions,
# auxiliaries, pronouns and a few quantifiers and connectives the CNN glues onto spans
# (पुणे एकमात्र, प्राधिकरण सभी, प्रयोगशाला थी). Inside a span they stay (भारत चैंबर ऑफ कॉमर्स).
_EDGE_WORDS = _wordset(
    "ने से को के की का में पर और एवं तथा या व भी ही तो है हैं था थी थे हो द्वारा लिए साथ",
    "बाद यह वह ये वे इस उस इन उन जो कि सभी एकमात्र विशेषकर समेत सहित मसलन",
)


def _trim(tokens: list[SpacyToken], label: str) -> tuple[int, int] | None:
    """Character offsets of the entity ``tokens`` without edge punctuation or function words
    and, for persons, without leading titles; None when nothing is left (a "person" that is
    only a title, डॉ or श्री, is none)."""

    def edge(token: SpacyToken) -> bool:
        return token.is_punct or token.is_space or _norm(token.text) in _EDGE_WORDS

    while tokens and edge(tokens[0]):
        tokens.pop(0)
    while tokens and edge(tokens[-1]):
        tokens.pop()
    if label == "PER":
        while tokens and _norm(tokens[0].text.rstrip(".")) in _HONORIFICS:
            tokens.pop(0)
            while tokens and tokens[0].is_punct:
                tokens.pop(0)
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


class _ScoredDecoder:
    """spaCy's greedy BILUO decoding for one ``ner`` component, vectorised over a batch, that
    also returns each entity's confidence (the lowest softmax probability, over the valid
    actions, of the actions that built it).

    Every BILUO action consumes one token, so a state is its position, the open entity's
    label and its first token; the valid actions follow from them and from whether one token
    is left, as in spaCy's ``ner.pyx``. The state's features are spaCy's for NER
    (``StateC.set_context_tokens`` with three tokens: the next token, and while an entity is
    open its first token and the token before the next), summed from the precomputed lower
    layer in spaCy's order, so the scores are the ones ``nlp(text)`` computes (a unit test
    holds the two to the same entities). Keeping the states here, not in spaCy's
    ``StateClass`` objects, halves the decoder's time.
    """

    def __init__(self, ner: Any) -> None:
        from spacy.attrs import IS_SPACE  # deferred with the rest of spaCy (see ``_load``)

        self.ner = ner
        self._is_space = IS_SPACE
        model = ner.model
        self._tok2vec, self._lower, self._upper = (
            model.get_ref(name) for name in ("tok2vec", "lower", "upper")
        )
        if self._lower.get_dim("nF") != 3 or not model.attrs["has_upper"]:
            raise ValueError(
                "not spaCy's NER model: expected three state features and an upper layer"
            )
        n_classes = int(self._upper.get_dim("nO"))
        self.unseen = np.zeros(n_classes, dtype=bool)
        self.unseen[sorted(model.attrs["unseen_classes"])] = True
        names = [str(ner.moves.get_class_name(i)) for i in range(n_classes)]
        self.labels = sorted({n[2:] for n in names if n[:2] in {"B-", "I-", "L-", "U-"}} - {""})
        code = {label: k + 1 for k, label in enumerate(self.labels)}  # 0: no entity open
        self.move = np.array(["BILUO".find(n[0]) if n != "O" else 4 for n in names])
        self.label = np.array([code.get(n[2:], -1) for n in names])
        # valid[last, space, open_label, class]: last = one token left; space = the token is
        # whitespace (no entity starts there); open_label 0 = no entity open.
        valid = np.zeros((2, 2, len(self.labels) + 1, n_classes), dtype=bool)
        for c, (move, label) in enumerate(zip(self.move, self.label, strict=True)):
            if move == 4:  # O
                valid[:, :, 0, c] = True
            elif label > 0 and move == 3:  # U, not on whitespace
                valid[:, 0, 0, c] = True
            elif label > 0 and move == 0:  # B needs a next token
                valid[0, 0, 0, c] = True
            elif label > 0 and move == 1:  # I needs a next token, same label
                valid[0, :, label, c] = True
            elif label > 0 and move == 2:  # L closes the open entity
                valid[:, :, label, c] = True
        self.valid = valid

    def _scores(self, table: Any, bias: Any, ids: tuple[Any, Any, Any]) -> Any:
        """Action scores of the states whose three features are the rows ``ids`` of the
        precomputed ``table`` (row 0: the missing-feature padding, as in spaCy)."""
        hidden = table[ids[0], 0] + table[ids[1], 1]
        hidden += table[ids[2], 2]
        hidden += bias
        # maxout over the pieces (the last axis): an elementwise maximum, as a reduction
        # over an axis of two costs several times more
        best = hidden[:, :, 0]
        for piece in range(1, hidden.shape[2]):
            best = np.maximum(best, hidden[:, :, piece])
        scores = np.asarray(self._upper.predict(np.ascontiguousarray(best)), dtype="f")
        if self.unseen.any():  # spaCy's step model: an unseen class scores the minimum
            scores[:, self.unseen] = np.nanmin(scores)
        return scores

    def __call__(self, docs: Sequence[Doc]) -> list[list[tuple[int, int, str, float]]]:
        """(first token, end token, label, confidence) entities of each doc."""
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in docs]
        if not any(len(doc) for doc in docs):
            return found
        # (tokens + 1, features, hidden, pieces): row 0 pads, token t of the batch is t + 1
        table = self._lower.predict(self._tok2vec.predict(list(docs)))
        bias = self._lower.get_param("b")
        size = np.array([len(doc) for doc in docs])
        offset = np.concatenate(([0], np.cumsum(size)[:-1]))
        # IS_SPACE as an array: building a Token per token to ask costs a tenth of the model.
        space = np.concatenate([*(doc.to_array(self._is_space) for doc in docs), [0]]).astype(int)
        pos = np.zeros(len(docs), dtype=int)
        open_label = np.zeros(len(docs), dtype=int)
        begin = np.zeros(len(docs), dtype=int)
        low = np.ones(len(docs))
        todo = np.flatnonzero(size > 0)
        while len(todo):
            at = offset[todo] + pos[todo]  # the next token, in the batch
            is_open = open_label[todo] > 0
            ids = (
                at + 1,
                np.where(is_open, offset[todo] + begin[todo] + 1, 0),
                np.where(is_open, at, 0),  # the token before the next: row at - 1 + 1
            )
            scores = self._scores(table, bias, ids)
            last = (size[todo] - pos[todo] < 2).astype(int)
            masked = np.where(self.valid[last, space[at], open_label[todo]], scores, -np.inf)
            choice = masked.argmax(axis=1)
            shifted = np.exp(masked - masked[np.arange(len(todo)), choice][:, None])
            prob = 1.0 / shifted.sum(axis=1)
            move, label = self.move[choice], self.label[choice]
            starts = move == 0
            begin[todo[starts]] = pos[todo[starts]]
            low[todo[starts]] = prob[starts]
            inside = (move == 1) | (move == 2)
            low[todo[inside]] = np.minimum(low[todo[inside]], prob[inside])
            for r in np.flatnonzero((move == 2) | (move == 3)):
                i = todo[r]
                first = begin[i] if move[r] == 2 else pos[i]
                conf = low[i] if move[r] == 2 else prob[r]
                found[i].append((int(first), int(pos[i]) + 1, self.labels[label[r] - 1], conf))
            open_label[todo] = np.where(
                starts, label, np.where(inside & (move == 1), open_label[todo], 0)
            )
            pos[todo] += 1
            todo = todo[pos[todo] < size[todo]]
        return found


class _Tok2VecForward:
    """Inference of spaCy's ``Tok2Vec.v2`` (``MultiHashEmbed.v2`` without static vectors,
    ``MaxoutWindowEncoder.v2`` with window 1) in plain numpy, for the ``tok2vec`` component.

    thinc's forward pass allocates a fresh array at every step and keeps what backprop
    needs (the argmax of every maxout, the padded copies); skipping that makes the CNN a
    tenth to a fifth faster (the matrix products, which stay, are most of it). It computes
    the same dot products and the same reductions in the same order on float32 arrays: the
    vectors were equal to thinc's bit for bit where measured (a unit test holds them within
    1e-5, a BLAS kernel may round another column layout differently, and the entities equal).
    ``build`` returns None for any other architecture, and the component's ``pipe`` runs.
    """

    def __init__(self, model: Any) -> None:
        nodes = list(model.walk())
        self.columns = next(n for n in nodes if n.name == "extract_features").attrs["columns"]
        self.ops = model.ops
        columns = [n.attrs["index"][1] for n in nodes if n.name == "ints-getitem"]
        embeds = [n for n in nodes if n.name == "hashembed"]
        self.embeds = [
            (column, n.get_param("E"), n.attrs["seed"])
            for column, n in zip(columns, embeds, strict=True)
        ]
        maxouts = [n for n in nodes if n.name == "maxout"]
        norms = [n for n in nodes if n.name == "layernorm"]
        self.layers = []
        for maxout, norm in zip(maxouts, norms, strict=True):
            n_out, pieces, n_in = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
            # Pieces side by side ((nI, nP * nO)) so that maxout is an elementwise maximum
            # of column blocks; each output is the same dot product as thinc's.
            weights = maxout.get_param("W").reshape(n_out, pieces, n_in).transpose(1, 0, 2)
            bias = maxout.get_param("b").reshape(n_out, pieces).T.reshape(-1)
            self.layers.append(
                (
                    np.ascontiguousarray(weights.reshape(pieces * n_out, n_in).T),
                    np.ascontiguousarray(bias),
                    n_out,
                    pieces,
                    norm.get_param("G"),
                    norm.get_param("b"),
                )
            )
        self.pad = next(n.attrs["pad"] for n in nodes if n.attrs.get("pad"))

    @classmethod
    def build(cls, model: Any) -> _Tok2VecForward | None:
        nodes = list(model.walk())
        embeds = [n for n in nodes if n.name == "hashembed"]
        windows = [n for n in nodes if n.name == "expand_window"]
        embed = "|".join(["ints-getitem>>hashembed"] * len(embeds))
        encode = ">>".join(["residual(expand_window>>maxout>>layernorm>>dropout)"] * len(windows))
        expected = (
            f"extract_features>>list2ragged>>with_array({embed})"
            f">>with_array(maxout>>layernorm>>dropout)>>ragged2list>>with_array({encode})"
        )
        padded = [n for n in nodes if n.attrs.get("pad")]
        if (
            model.name != expected
            or not embeds
            or not windows
            or any(n.attrs.get("window_size") != 1 for n in windows)
            or len(padded) != 1
            or padded[0].attrs["pad"] != len(windows)
        ):
            return None
        return cls(model)

    def _dense(self, inputs: Any, layer: tuple[Any, ...]) -> Any:
        """Maxout, then layer normalisation (thinc's ``Maxout(normalize=True)``)."""
        weights, bias, n_out, pieces, gain, shift = layer
        scores = np.matmul(inputs, weights)
        scores += bias
        out = np.maximum(scores[:, :n_out], scores[:, n_out : 2 * n_out])
        for p in range(2, pieces):
            np.maximum(out, scores[:, p * n_out : (p + 1) * n_out], out=out)
        out -= out.mean(axis=1, keepdims=True)
        var = np.square(out).sum(axis=1, keepdims=True)  # numpy's var, as thinc takes it
        var /= out.shape[1]
        var += 1e-08
        out *= var ** (-1.0 / 2.0)
        out *= gain
        out += shift
        return out

    def __call__(self, docs: Sequence[Doc]) -> list[Any]:
        """The vectors of each doc's tokens, as ``tok2vec.predict(docs)`` returns them."""
        lengths = [len(doc) for doc in docs]
        if not sum(lengths):
            return [np.zeros((0, self.layers[0][2]), dtype="f") for _ in docs]
        features = np.concatenate([doc.to_array(self.columns) for doc in docs if len(doc)])
        features = np.ascontiguousarray(features.astype("uint64").reshape(len(features), -1))
        # The embedding layer sees a token's lexical features alone, so it runs once per
        # distinct feature row (a batch of news sentences repeats most words: about one
        # row in fifteen is distinct) and the rows are copied back to every token.
        keyed = features.view(np.dtype((np.void, features.itemsize * features.shape[1])))
        _, first, inverse = np.unique(keyed.ravel(), return_index=True, return_inverse=True)
        distinct = features[first]
        tables = []
        for column, table, seed in self.embeds:
            keys = self.ops.hash(np.ascontiguousarray(distinct[:, column]), seed) % len(table)
            tables.append(self.ops.gather_add(table, keys))
        embedded = self._dense(np.hstack(tables), self.layers[0])[inverse.ravel()]
        # The encoder runs over all docs at once, with ``pad`` zero rows before, between and
        # after them (thinc's ``with_array(pad=...)``): the pad rows are computed too, so
        # every token sees exactly what it sees in thinc.
        width, pad = embedded.shape[1], self.pad
        flat = np.zeros((len(embedded) + pad * (len(docs) + 1), width), dtype="f")
        where, row = [], pad
        for done, n in zip(np.cumsum([0, *lengths[:-1]]), lengths, strict=True):
            flat[row : row + n] = embedded[done : done + n]
            where.append(row)
            row += n + pad
        window = np.zeros((len(flat), 3 * width), dtype="f")
        for layer in self.layers[1:]:
            window[1:, :width] = flat[:-1]
            window[:, width : 2 * width] = flat
            window[:-1, 2 * width :] = flat[1:]
            flat += self._dense(window, layer)
        return [flat[r : r + n] for r, n in zip(where, lengths, strict=True)]


class SpacyEntityModel:
    """A spaCy pipeline as an ``EntityModel``: sentences in, character-offset spans with a
    confidence out, those under ``threshold`` left out.

    Sentences go through the pipeline in batches of ``batch_size`` per article, which is what
    makes the CNN fast enough for the entity stage's throughput target.
    """

    def __init__(self, nlp: Language, batch_size: int = 512, threshold: float = THRESHOLD) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.threshold = threshold
        self._before: list[Any] = [proc for name, proc in nlp.pipeline if name != "ner"]
        tok2vec: list[Any] = [proc for name, proc in nlp.pipeline if name == "tok2vec"]
        self._tok2vec = (
            _Tok2VecForward.build(tok2vec[0].model)
            if len(self._before) == 1 and len(tok2vec) == 1
            else None
        )
        self._decode = _ScoredDecoder(nlp.get_pipe("ner"))

    def scored(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Every entity of each text, as (start, end, label, confidence) character spans
        after trimming, whatever its confidence.

        Texts are batched by length: the decoder steps once per token of a batch's longest
        text, so batches of like lengths do the least work (results do not depend on it).
        """
        result: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        with threadpool_limits(limits=1, user_api="blas"):
            for i in range(0, len(order), self.batch_size):
                chunk = order[i : i + self.batch_size]
                docs = self._annotate([self.nlp.make_doc(texts[k]) for k in chunk])
                for k, doc, ents in zip(chunk, docs, self._decode(docs), strict=True):
                    result[k] = self._spans(doc, ents)
        return result

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        """The components before ``ner`` (here: ``tok2vec``, by ``_Tok2VecForward``)."""
        if self._tok2vec is not None:
            for doc, vectors in zip(docs, self._tok2vec(docs), strict=True):
                doc.tensor = vectors
            return docs
        for proc in self._before:
            docs = list(proc.pipe(docs))
        return docs

    @staticmethod
    def _spans(
        doc: Doc, ents: list[tuple[int, int, str, float]]
    ) -> list[tuple[int, int, str, float]]:
        spans: list[tuple[int, int, str, float]] = []
        for first, end, label, conf in ents:
            if label not in LABELS or end - first > _MAX_SPAN_TOKENS:
                continue
            trimmed = _trim(list(doc[first:end]), label)
            if trimmed is not None:
                spans.append((*trimmed, label, round(min(conf, _MAX_SCORE), 3)))
        return spans

    def spans_many(
        self, articles: Sequence[tuple[str, Sequence[Span]]]
    ) -> list[list[tuple[int, int, str, float]]]:
        """``self(text, sentences)`` for many articles at once: their sentences share
        batches, which is several times faster than article by article."""
        units = [
            (a, span)
            for a, (text, sentences) in enumerate(articles)
            for span in (list(sentences) or [Span(0, len(text))])
        ]
        scored = self.scored([articles[a][0][s.start : s.end] for a, s in units])
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in articles]
        for (a, span), ents in zip(units, scored, strict=True):
            found[a].extend(
                (span.start + start, span.start + end, label, conf)
                for start, end, label, conf in ents
                if conf >= self.threshold
            )
        return found

    def __call__(self, text: str, sentences: Sequence[Span]) -> list[tuple[int, int, str, float]]:
        return self.spans_many([(text, sentences)])[0]


def load_entity_model(path: Path | None = None) -> SpacyEntityModel:
    """The NER model at ``path`` (default ``models/ner_hi``); ``FileNotFoundError`` when it
    is not there (``khabar.resources.Resources`` loads it once; ``KHABAR_NER=gazetteer``
    runs without it)."""
    path = (path or MODEL_DIR).resolve()
    if not (path / "meta.json").is_file():
        raise FileNotFoundError(
            f"no NER model at {path}: run `make train-ner` to build it, "
            "or set KHABAR_NER=gazetteer to find entities with the gazetteer alone"
        )
    import spacy  # deferred: only runs that use the model pay for importing spaCy
    from thinc.api import NumpyOps

    nlp = spacy.load(path, exclude=["senter", "parser", "tagger"])
    # numpy's BLAS multiplies the CNN's matrices ~1.5x faster than thinc's default (blis),
    # which made the model a quarter faster; the entities found are the same.
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops
    return SpacyEntityModel(nlp)


__all__ = ["MODEL_DIR", "THRESHOLD", "SpacyEntityModel", "load_entity_model"]
