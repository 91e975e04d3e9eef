"""diff, export, the SQL session and the validation docs on a small hand-made warehouse."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from khabar.publish import docs, versions
from khabar.publish.diff import diff_versions
from khabar.publish.export import export_version
from khabar.publish.sql import open_session, query, view_files
from khabar.quality.gx import ExpectationResult, ValidationReport
from khabar.warehouse.schema import DATASET_TABLES, create_tables
from tests.unit.test_publish_versions import add_article, request


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """Version 1: articles 1-2. Version 2: article 3 added (new person), article 1 edited."""
    con = duckdb.connect(str(tmp_path / "k.duckdb"))
    create_tables(con)
    add_article(con, 1)
    add_article(con, 2)
    versions.publish(con, tmp_path / "dataset", request("r1"))
    add_article(con, 3, person="per_b")
    con.execute("UPDATE articles SET source = 'edited' WHERE article_id = 'art1'")
    con.execute(
        "INSERT INTO events VALUES ('ev2', 'AID', NULL, ['per_b'], [], NULL, NULL, NULL, NULL, "
        "NULL, 'occurred', 1, 1, NULL, 0.5, 'k2')"
    )
    con.execute(
        "UPDATE event_mentions SET event_id = 'ev2', actors = ['per_b'] "
        "WHERE event_mention_id = 'em3'"
    )
    con.execute(
        "UPDATE events SET num_mentions = 2, num_articles = 2, actors = ['per_a'] "
        "WHERE event_id = 'ev1'"
    )
    versions.publish(con, tmp_path / "dataset", request("r2"))
    con.close()
    return tmp_path / "dataset"


def test_diff_counts_rows_and_events(dataset: Path) -> None:
    result = diff_versions(dataset, 1, 2)
    assert result.table("articles").added == ("art3",)
    assert result.table("articles").changed == ("art1",)
    assert result.table("articles").removed == ()
    assert result.table("entities").added == ("per_b",)
    assert result.table("sentences").added == ("art3-0",)
    assert result.table("events").added == ("ev2",)
    assert result.table("events").changed == ()  # two mentions in both versions
    assert result.events_added == ("ev2",)
    assert result.events_merged == ()
    backwards = diff_versions(dataset, 2, 1)
    assert backwards.table("articles").removed == ("art3",)
    assert backwards.table("events").removed == ("ev2",)
    same = diff_versions(dataset, 2, 2)
    assert all(not (t.added or t.removed or t.changed) for t in same.tables)
    json.dumps(result.as_dict())


def test_diff_sees_an_event_that_gained_a_report(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "k.duckdb"))
    create_tables(con)
    add_article(con, 1)
    versions.publish(con, tmp_path / "d", request("r1"))
    add_article(con, 2)  # joins ev1
    versions.publish(con, tmp_path / "d", request("r2"))
    con.close()
    result = diff_versions(tmp_path / "d", 1, 2)
    assert result.events_added == () and result.events_merged == ("ev1",)
    assert result.table("events").changed == ("ev1",)


def test_diff_of_a_missing_version_is_an_error(dataset: Path) -> None:
    with pytest.raises(FileNotFoundError, match="version 3"):
        diff_versions(dataset, 1, 3)


PACKAGE_FILES = (
    "manifest.json",
    "README.md",
    "CODEBOOK.md",
    "datapackage.json",
    "LICENSE",
    "ATTRIBUTION.md",
    "CITATION.cff",
    "SHA256SUMS",
)


def test_export_matches_the_version_and_its_manifest(dataset: Path, tmp_path: Path) -> None:
    # The package is the folder khabar-v1 inside --to (was: the files directly in --to), so
    # several versions can be exported to one directory and each copy names its version.
    out = tmp_path / "export"
    manifest = export_version(dataset, 1, out)
    package = out / "khabar-v1"
    assert sorted(p.name for p in package.iterdir()) == sorted(
        [f"{t}.parquet" for t in DATASET_TABLES] + list(PACKAGE_FILES)
    )
    assert json.loads((package / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["version"] == 1 and manifest["run_id"] == "r1"
    assert manifest["package"] == "khabar-v1" and manifest["text"] is True
    for table in DATASET_TABLES:
        info = manifest["files"][table]
        path = package / info["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == info["sha256"]
        assert pl.read_parquet(path).height == info["rows"]
        assert info["rows"] == versions.read_table(dataset, table, 1).num_rows
    assert manifest["files"]["articles"]["rows"] == 2
    assert "version 1" in (package / "README.md").read_text(encoding="utf-8")
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(package / "articles.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    with pytest.raises(FileExistsError):
        export_version(dataset, 1, out)
    export_version(dataset, 2, out)  # another version beside it
    assert sorted(p.name for p in out.iterdir()) == ["khabar-v1", "khabar-v2"]
    assert not list(out.glob(".*"))  # no temporary left behind


def test_export_package_checks_with_sha256sum_and_frictionless(
    dataset: Path, tmp_path: Path
) -> None:
    import subprocess

    import pyarrow.parquet as pq
    from frictionless import Package

    from khabar.publish.codebook import dictionary

    export_version(dataset, 2, tmp_path)
    package = tmp_path / "khabar-v2"
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=package, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split(": ")[0] for line in check.stdout.splitlines() if line.endswith(": OK")}
    assert listed == {p.name for p in package.iterdir()} - {"SHA256SUMS"}

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    report = Package(str(package / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    # Frictionless reads Parquet through pyarrow and checks no hash of it: check them here.
    for resource in descriptor["resources"]:
        digest = hashlib.sha256((package / resource["path"]).read_bytes()).hexdigest()
        assert resource["hash"] == f"sha256:{digest}"

    docs = {d.name: d for d in dictionary(DATASET_TABLES)}
    codebook = (package / "CODEBOOK.md").read_text(encoding="utf-8")
    for table in DATASET_TABLES:
        schema = pq.read_schema(package / f"{table}.parquet")
        assert schema.metadata[b"description"].decode() == docs[table].comment
        for field in schema:
            comment = docs[table].column(field.name).comment
            assert field.metadata[b"description"].decode() == comment
            assert f"| `{field.name}` |" in codebook
    assert "CC BY-SA 4.0" in (package / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Apache-2.0" in (package / "LICENSE").read_text(encoding="utf-8")
    citation = (package / "CITATION.cff").read_text(encoding="utf-8")
    import yaml

    cff = yaml.safe_load(citation)
    assert cff["cff-version"] == "1.2.0" and cff["version"] == "2" and cff["type"] == "dataset"
    assert cff["title"].endswith("version 2") and cff["authors"]

    # A changed byte is caught by sha256sum, an out-of-set value by Frictionless.
    bad = pl.read_parquet(package / "events.parquet").with_columns(pl.lit("MEET").alias("type"))
    (package / "events.parquet").chmod(0o644)
    bad.write_parquet(package / "events.parquet")
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=package).returncode
    assert not Package(str(package / "datapackage.json")).validate().valid


def test_export_without_text_keeps_ids_and_offsets(dataset: Path, tmp_path: Path) -> None:
    manifest = export_version(dataset, 1, tmp_path, text=False)
    package = tmp_path / "khabar-v1"
    assert manifest["text"] is False
    assert manifest["omitted_columns"] == {"articles": ["raw_text", "text"], "sentences": ["text"]}
    articles = pl.read_parquet(package / "articles.parquet")
    sentences = pl.read_parquet(package / "sentences.parquet")
    assert not {"raw_text", "text"} & set(articles.columns)
    assert "text" not in sentences.columns
    assert {"article_id", "offset_map", "n_chars"} <= set(articles.columns)
    assert {"sentence_id", "start_char", "end_char"} <= set(sentences.columns)
    full = versions.read_table(dataset, "articles", 1)
    for row in full.to_pylist():
        text = row["text"]
        assert all(text not in p.read_bytes().decode("utf-8", "replace") for p in package.iterdir())
    from frictionless import Package

    assert Package(str(package / "datapackage.json")).validate().valid
    assert "--no-text" in (package / "CODEBOOK.md").read_text(encoding="utf-8")


def test_sql_session_without_the_delta_extension(dataset: Path) -> None:
    names = {p.stem for p in view_files()}
    assert names == {
        "event_timeline",
        "actor_pairs",
        "article_mentions",
        "event_reports",
        "event_countries",
    }
    for pinned, articles in ((1, 2), (2, 3), (None, 3)):
        con = open_session(dataset, pinned)
        try:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (articles,)
            columns, rows = query(con, "SELECT * FROM article_mentions ORDER BY article_id")
            assert "n_mentions" in columns and len(rows) == articles
            views = {
                r[0]
                for r in con.execute(
                    "SELECT view_name FROM duckdb_views() WHERE NOT internal"
                ).fetchall()
            }
            assert names <= views
        finally:
            con.close()
    con = open_session(dataset, 2, try_extension=False)
    timeline = con.execute(
        "SELECT event_id, actor_names FROM event_timeline ORDER BY event_id"
    ).fetchall()
    pairs = con.execute("SELECT count(*) FROM actor_pairs").fetchone()
    version = con.execute("SELECT version, run_id FROM khabar_version").fetchone()
    con.close()
    assert timeline == [("ev1", ["क"]), ("ev2", ["क"])]  # name_hi where there is no name_en
    assert pairs == (0,)  # single-actor events make no pairs
    assert version == (2, "r2")


def test_validation_docs_page(tmp_path: Path) -> None:
    report = ValidationReport(
        False,
        (
            ExpectationResult("articles", "unique_id", True, "ok"),
            ExpectationResult("mentions", "entity_exists", False, "rows=[<script>]"),
        ),
    )
    page = docs.write_run_docs(tmp_path / "docs", "20260101T000000-abc", "failed", None, report)
    html = page.read_text(encoding="utf-8")
    assert "validation <span class='fail'>failed</span>" in html
    assert "entity_exists" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "1 of 2 expectations passed" in html
    index = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    assert "20260101T000000-abc.html" in index
