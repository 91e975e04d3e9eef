from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from khabar.text.load import (
    Metadata,
    RawArticle,
    Rejected,
    article_id_for,
    decode,
    discover,
    read_articles,
    read_one,
)

HINDI = "विदेश मंत्री एस. जयशंकर 21 अगस्त को मॉस्को में थे।\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(0, 32)) * 10, "binary"),
        ("Café à Paris, naïve".encode("latin-1"), "encoding"),
        (b"\xff\xfe\x00\x00", "binary"),
        ("\ufeff   ".encode(), "empty"),
    ],
)
def test_decode_rejects(data: bytes, reason: str) -> None:
    result = decode(data)
    assert isinstance(result, Rejected)
    assert result.reason == reason
    assert result.detail


def test_decode_accepts_bom_and_hints_latin1() -> None:
    assert decode(("\ufeff" + HINDI).encode("utf-8")) == HINDI
    rejected = decode("Café".encode("latin-1"))
    assert isinstance(rejected, Rejected)
    assert "Latin-1" in rejected.detail and "0xe9" in rejected.detail


def _write(directory: Path, name: str, data: bytes | str) -> Path:
    path = directory / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_read_directory_with_bad_files_and_duplicates(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", HINDI)
    _write(tmp_path, "b_copy.txt", "\ufeff" + HINDI)  # same text with a BOM: one article
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "binary.txt", b"\x00\x01\x02binary")
    _write(tmp_path, "latin.txt", "Déjà vu".encode("latin-1"))
    _write(tmp_path, "huge.txt", b"a" * 3000)
    (tmp_path / "metadata.csv").write_text(
        "file,published_date,source,url\na.txt,2025-08-13,dainik,https://x.example/a\n",
        encoding="utf-8",
    )
    files, rejected = discover(tmp_path)
    articles, unreadable = read_articles(files, max_bytes=2000)
    assert rejected == []
    assert len(articles) == 1
    article = articles[0]
    assert article.paths == ("a.txt", "b_copy.txt")
    assert article.metadata == Metadata(date(2025, 8, 13), "dainik", "https://x.example/a")
    assert article.article_id == article_id_for(HINDI)
    reasons = {r.path: r.reason for r in unreadable}
    assert reasons == {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin.txt": "encoding",
        "huge.txt": "too_large",
    }
    assert all(r.detail for r in unreadable)


@pytest.mark.parametrize(
    ("metadata_csv", "sidecar", "expected_reason", "expected_date"),
    [
        ("file,published_date\na.txt,2025-13-45\n", None, "metadata", None),
        ("file,published_date\na.txt,kal\n", None, "metadata", None),
        ("file,published_date\na.txt,2025-08-13\na.txt,2025-08-14\n", None, "metadata", None),
        ("file,published_date\na.txt,2025-08-13\n", "{not json", "metadata", None),
        ("file,published_date\na.txt,2025-08-13\n", '["a list"]', "metadata", None),
        (None, '{"published_date": "2024-01-02", "source": "s"}', None, date(2024, 1, 2)),
        (
            "file,published_date\na.txt,2025-08-13\n",
            '{"published_date": "2024-01-02"}',
            None,
            date(2024, 1, 2),
        ),
        (None, None, None, None),
        ("file,published_date\na.txt,\n", None, None, None),
    ],
)
def test_metadata(
    tmp_path: Path,
    metadata_csv: str | None,
    sidecar: str | None,
    expected_reason: str | None,
    expected_date: date | None,
) -> None:
    _write(tmp_path, "a.txt", HINDI)
    if metadata_csv is not None:
        (tmp_path / "metadata.csv").write_text(metadata_csv, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "a.json").write_text(sidecar, encoding="utf-8")
    files, _ = discover(tmp_path)
    articles, unreadable = read_articles(files, max_bytes=10_000)
    if expected_reason:
        assert not articles
        assert [r.reason for r in unreadable] == [expected_reason]
        assert unreadable[0].detail
    else:
        assert not unreadable
        assert articles[0].metadata.published_date == expected_date


@pytest.mark.parametrize(
    "content",
    ["no file column\nx\n", "\xff\xfe".encode("latin-1").decode("latin-1") + "file\n"],
)
def test_unusable_metadata_csv_is_rejected_but_articles_load(tmp_path: Path, content: str) -> None:
    _write(tmp_path, "a.txt", HINDI)
    (tmp_path / "metadata.csv").write_bytes(content.encode("latin-1"))
    files, rejected = discover(tmp_path)
    assert [r.reason for r in rejected] == ["metadata"]
    articles, _ = read_articles(files, max_bytes=10_000)
    assert articles[0].metadata == Metadata()


def test_sibling_csv_names_the_directory(tmp_path: Path) -> None:
    articles_dir = tmp_path / "articles"
    articles_dir.mkdir()
    _write(articles_dir, "a.txt", HINDI)
    (tmp_path / "articles.csv").write_text(
        "file,published_date\na.txt,2020-09-18\n", encoding="utf-8"
    )
    files, _ = discover(articles_dir)
    assert files[0].metadata.published_date == date(2020, 9, 18)


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="does not exist"):
        discover(tmp_path / "nope")


def test_article_id_ignores_normalisation_form() -> None:
    assert article_id_for("न\u093c") == article_id_for("\u0929")
    assert isinstance(RawArticle("x", ("a",), "t"), RawArticle)
    assert json.dumps(article_id_for(HINDI))


def test_links_leaving_the_directory_and_special_files_are_not_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    outside = tmp_path / "outside"
    inbox.mkdir()
    outside.mkdir()
    _write(inbox, "a.txt", HINDI)
    _write(outside, "secret.txt", "गुप्त पाठ जो बाहर है।\n")
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    (inbox / "up.txt").symlink_to(outside / "secret.txt")
    (inbox / "null.txt").symlink_to("/dev/null")
    (inbox / "same.txt").symlink_to(inbox / "a.txt")  # inside: read, one more path
    (inbox / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (inbox / "linked_dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "pipe.txt")
    files, rejected = discover(inbox)
    articles, unreadable = read_articles(files, max_bytes=2000)
    assert [a.paths for a in articles] == [("a.txt", "same.txt")]
    reasons = {r.path: r.reason for r in rejected + unreadable}
    assert reasons == {
        "passwd.txt": "link",
        "up.txt": "link",
        "null.txt": "link",
        "gone.txt": "unreadable",
        "pipe.txt": "special",
    }
    details = {r.path: r.detail for r in rejected}
    assert "/etc/passwd" in details["passwd.txt"] and "outside" in details["passwd.txt"]
    assert "FIFO" in details["pipe.txt"]


def test_a_fifo_swapped_in_after_discovery_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    _write(tmp_path, "late.txt", HINDI)
    (files, _) = discover(tmp_path)
    path.unlink()
    os.mkfifo(path)
    outcome: list[object] = []
    reader = threading.Thread(target=lambda: outcome.append(read_one(files[0], 2000)))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # the old code blocks in open(): give it a writer and fail
        with open(path, "wb"):
            pass
        reader.join()
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], Rejected) and outcome[0].reason == "special"


_WINDOW = (date(1900, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize(
    ("published", "quarantined"),
    [
        ("0001-01-01", True),
        ("9999-12-31", True),
        ("1899-12-31", True),
        ("2101-01-01", True),
        ("1900-01-01", False),
        ("2100-12-31", False),
        ("2025-08-21", False),
    ],
)
@pytest.mark.parametrize("where", ["sidecar", "csv"])
def test_a_published_date_outside_the_window_quarantines_that_file_alone(
    tmp_path: Path, published: str, quarantined: bool, where: str
) -> None:
    _write(tmp_path, "a.txt", HINDI)
    _write(tmp_path, "b.txt", HINDI + "दूसरा लेख।\n")
    if where == "sidecar":
        (tmp_path / "a.json").write_text(json.dumps({"published_date": published}), "utf-8")
    else:
        (tmp_path / "metadata.csv").write_text(f"file,published_date\na.txt,{published}\n", "utf-8")
    files, _ = discover(tmp_path, _WINDOW)
    articles, rejected = read_articles(files, max_bytes=10_000)
    if quarantined:
        assert [(r.path, r.reason) for r in rejected] == [("a.txt", "metadata")]
        assert published in rejected[0].detail and "KHABAR_PUBLISHED_UNTIL" in rejected[0].detail
        assert [a.paths for a in articles] == [("b.txt",)]
    else:
        assert not rejected and len(articles) == 2
