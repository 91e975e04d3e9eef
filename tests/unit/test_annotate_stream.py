"""``khabar annotate --jsonl`` as a stream: one result per input line, whatever the line."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.annotate import annotate, annotate_stream
from khabar.resources import Resources


@cache
def _resources() -> Resources:
    return Resources.load(ner="gazetteer")


def _annotator(text: str, published: date | None, doc_id: str | None) -> dict[str, Any]:
    return annotate(text, _resources(), published, doc_id=doc_id)


def _stream(*lines: bytes) -> list[dict[str, Any]]:
    return list(annotate_stream(lines, _annotator))


@pytest.mark.parametrize(
    ("line", "doc_id", "message"),
    [
        (b'{"id": "a", "text": null}\n', "a", "line 1: text must be a string, got null"),
        (b'{"id": "a", "text": 7}\n', "a", "line 1: text must be a string, got a number"),
        (b'{"id": "a"}\n', "a", "line 1: text is missing"),
        (b"null\n", None, "got null"),
        (b"[1]\n", None, "got an array"),
        (b'"s"\n', None, "got a string"),
        (b"\n", None, "empty line"),
        (b"not json\n", None, "not valid JSON"),
        (b'{"id": 5, "text": "x"}\n', None, "id must be a string, got a number"),
        (b'{"id": "a", "text": "x", "published": 5}\n', "a", "published must be a date"),
        (b'{"id": "a", "text": "x", "published": "2025-13-40"}\n', "a", "is not a date"),
        (b'{"id": "a", "text": "\\ud800"}\n', "a", "lone surrogate"),
        (b"\xff\xfe{}\n", None, "not UTF-8: invalid byte 0xff at offset 0"),
    ],
)
def test_a_bad_line_gives_only_its_id_and_an_error(
    line: bytes, doc_id: str | None, message: str
) -> None:
    (result,) = _stream(line)
    assert set(result) == {"id", "error"}
    assert result["id"] == doc_id
    assert message in result["error"]


def test_text_that_cleans_to_nothing_gets_empty_lists() -> None:
    furniture = json.dumps({"id": "f", "text": "यह भी पढ़ें: मोदी ने पुतिन से बात की"})
    out = _stream(furniture.encode(), b'{"id": "w", "text": "  \\n "}')
    empty = {"language": None, "sentences": [], "entities": [], "dates": [], "events": []}
    assert out == [{"id": "f", **empty}, {"id": "w", **empty}]


def test_bad_lines_do_not_end_the_stream() -> None:
    good = json.dumps({"id": "g", "text": "मोदी ने आज पुतिन से बात की।", "published": "2020-09-18"})
    out = _stream(b"null\n", b'{"id":"b","text":null}\n', good.encode())
    assert [o["id"] for o in out] == [None, "b", "g"]
    assert "error" not in out[2] and out[2]["dates"][0]["value"] == "2020-09-18"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
_requests = st.fixed_dictionaries(
    {"text": st.text()}, optional={"id": st.text() | _json, "published": st.text() | _json}
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_json | _requests | st.binary(max_size=20), max_size=6))
def test_any_lines_give_one_json_line_each(values: list[Any]) -> None:
    lines = [
        v.replace(b"\n", b" ") if isinstance(v, bytes) else json.dumps(v).encode() for v in values
    ]
    out = list(annotate_stream(lines, _annotator))
    assert len(out) == len(lines)
    for value, result in zip(values, out, strict=True):
        json.dumps(result, ensure_ascii=False).encode("utf-8")  # writable as UTF-8
        if isinstance(value, dict) and "id" in value and isinstance(value["id"], str):
            assert result["id"] in (value["id"], None)  # None only for an unusable id
        if "error" in result:
            assert set(result) == {"id", "error"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.text(max_size=5))
def test_any_unicode_text_annotates_with_offsets_into_it(text: str, doc_id: str) -> None:
    line = json.dumps({"id": doc_id, "text": text}).encode()
    (result,) = list(annotate_stream([line], _annotator))
    if "error" in result:  # only text that is not valid Unicode may fail
        assert "lone surrogate" in result["error"]
        return
    assert result["id"] == doc_id
    for item in result["entities"] + result["dates"]:
        assert text[item["start"] : item["end"]] == item["text"]
