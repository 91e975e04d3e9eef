"""What may reach khabar from outside, and what a reader can do to it: the inbox follows no
link out of itself, ``khabar sql`` changes nothing, readers and ``validate`` never disturb a
run, and ``annotate --jsonl`` survives any line."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema

from tests.conftest import REPO, SEEDS
from tests.integration.test_cli import khabar


def _annotate_schema() -> dict[str, Any]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```json\n(.*?)```", readme, flags=re.DOTALL):
        if '"title": "khabar annotate output line"' in block:
            schema: dict[str, Any] = json.loads(block)
            return schema
    raise AssertionError("README has no JSON schema for khabar annotate")


def test_annotate_stream_answers_every_line_in_the_published_schema() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    good = [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "published": "2025-08-13"}
        for p in seeds
    ]
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        '{"id":"a","text":null}',
        '{"id":"n","text":42}',
        "null",
        "[1]",
        '"s"',
        json.dumps({"id": "furniture", "text": "यह भी पढ़ें: मोदी ने पुतिन से बात की"}),
        *(json.dumps(g, ensure_ascii=False) for g in good[1:]),
    ]
    result = khabar("annotate", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    ids = [o["id"] for o in out]
    assert ids == [seeds[0].name, "a", "n", None, None, None, "furniture"] + [
        p.name for p in seeds[1:]
    ]
    assert out[1] == {"id": "a", "error": "line 2: text must be a string, got null"}
    assert all(set(o) == {"id", "error"} for o in out[1:6])
    assert out[6]["entities"] == out[6]["events"] == [] and out[6]["language"] is None
    assert f"{len(lines)} lines, 5 with an error" in result.stderr
    schema = _annotate_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for item in out:
        validator.validate(item)
    texts = {g["id"]: g["text"] for g in good}
    for item in out:
        if item["id"] in texts:
            text = texts[item["id"]]
            spans = item["entities"] + item["dates"] + [e["trigger"] for e in item["events"]]
            assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert any(item.get("events") for item in out)  # the schema met real events
