"""Token offsets come from one array call, not Token objects: they must be spaCy's own."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given, settings

from khabar.nlp.tokenize import hindi_tokenizer, tokenize


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_tokenize_offsets_match_spacys_tokens(text: str) -> None:
    expected = [(t.text, t.idx, t.idx + len(t.text)) for t in hindi_tokenizer()(text)]
    assert tokenize(text) == expected
    assert all(text[start:end] == surface for surface, start, end in tokenize(text))
