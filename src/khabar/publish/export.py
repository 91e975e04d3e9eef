"""Export one version as a release package: ``<DIR>/khabar-v<N>/``.

For analysts without a Delta reader, and for citing a version in a paper or archive. The
package holds one zstd Parquet file per table (each field's ``description`` is its data
dictionary comment), ``manifest.json`` (each file's sha256 and row count, the run that
published it), ``CODEBOOK.md`` and a Frictionless ``datapackage.json`` (both from the
``COMMENT ON`` statements in ``sql/``), ``LICENSE``, ``ATTRIBUTION.md``, ``CITATION.cff``,
a ``README.md`` and ``SHA256SUMS`` over every other file (``sha256sum -c SHA256SUMS`` inside
the folder). ``text=False`` leaves the article text out (``TEXT_COLUMNS``); rows keep their
ids and offsets, so a holder of the articles can put the text back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import textwrap
import tomllib
from collections import Counter
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from khabar.publish import versions
from khabar.publish.codebook import (
    TableDoc,
    describe_arrow,
    dictionary,
    render_codebook,
    table_schema,
)
from khabar.resources import REPO_ROOT
from khabar.warehouse.schema import DATASET_TABLES

MANIFEST = "manifest.json"
SHA256SUMS = "SHA256SUMS"
# Columns that hold the articles' own words at length; --no-text leaves them out. Short
# spans (mention and date surfaces, triggers) stay: they are names and dates, not prose.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("raw_text", "text"),
    "sentences": ("text",),
}

_README = """\
# khabar dataset, version {version}

Hindi news turned into events: one zstd Parquet file per table, exported from version
{version} of the khabar dataset (run `{run_id}`, created {created_at}, code `{code_version}`).
Rows are sorted by each table's key, its first column.{no_text}

| table | rows |
|---|---|
{rows}

- `CODEBOOK.md`: every table and column: meaning, unit, allowed values, example, joins.
- `datapackage.json`: the same as a Frictionless Data Package (types, keys, sha256).
- `manifest.json`: each file's sha256 and row count, the input hash, the content
  fingerprint and the validation summary of the run that published it.
- `SHA256SUMS`: check the copy with `sha256sum -c SHA256SUMS` in this folder.
- `LICENSE`, `ATTRIBUTION.md`, `CITATION.cff`: terms, credits, how to cite. Cite the version.

Reading it:

    import polars as pl
    events = pl.read_parquet("events.parquet")

    duckdb -c "SELECT type, count(*) FROM 'events.parquet' GROUP BY type"

Offsets (`start_char`, `end_char`, `trigger_*`) are code points into `articles.text`, end
exclusive.
"""

_NO_TEXT = (
    "\n\nExported with `--no-text`: the article text ({columns}) is left out; ids and "
    "offsets are kept, so the text can be joined back from the articles themselves."
)


def export_version(
    dataset_dir: Path, version: int, to: Path, *, text: bool = True
) -> dict[str, Any]:
    """Write ``version`` as the package ``to/khabar-v<version>``; returns the manifest.

    Files go to a temporary sibling that is renamed into place, so the package is complete
    or absent. An existing package is refused rather than mixed with old files.
    """
    entry = versions.get_version(dataset_dir, version)
    if to.exists() and not to.is_dir():
        raise FileExistsError(f"{to} exists and is not a directory")
    package = to / package_name(int(entry["version"]))
    if package.exists():
        raise FileExistsError(f"{package} exists")
    to.mkdir(parents=True, exist_ok=True)
    tmp = to / f".{package.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    omitted = {} if text else dict(TEXT_COLUMNS)
    docs = {doc.name: doc for doc in dictionary(DATASET_TABLES)}
    try:
        files = _write_tables(dataset_dir, int(entry["version"]), tmp, docs, omitted)
        manifest = {
            "version": entry["version"],
            "package": package.name,
            "run_id": entry["run_id"],
            "created_at": entry["created_at"],
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "code_version": entry["code_version"],
            "input_hash": entry["input_hash"],
            "fingerprint": entry.get("fingerprint", ""),
            "delta_versions": entry["delta_versions"],
            "text": text,
            "omitted_columns": {t: list(c) for t, c in omitted.items()},
            "files": files,
            "validation": entry.get("validation"),
        }
        _write(tmp / MANIFEST, json.dumps(manifest, indent=2, default=str) + "\n")
        _write(tmp / "README.md", _readme(entry, files, omitted))
        _write(
            tmp / "CODEBOOK.md",
            render_codebook(
                docs.values(),
                title=f"khabar dataset, version {entry['version']}: codebook",
                intro=f"The tables of `{package.name}`: one Parquet file each.",
                omitted=omitted,
            ),
        )
        _write(
            tmp / "datapackage.json",
            json.dumps(_datapackage(entry, docs, files, omitted), indent=2) + "\n",
        )
        sources = _sources(dataset_dir, int(entry["version"]))
        _write(tmp / "LICENSE", _license(sources, text))
        _write(tmp / "ATTRIBUTION.md", _attribution(sources))
        _write(tmp / "CITATION.cff", _citation(entry))
        _write(tmp / SHA256SUMS, _sha256sums(tmp))
        os.replace(tmp, package)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def package_name(version: int) -> str:
    return f"khabar-v{version}"


def _write_tables(
    dataset_dir: Path,
    version: int,
    into: Path,
    docs: dict[str, TableDoc],
    omitted: dict[str, tuple[str, ...]],
) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for table in DATASET_TABLES:
        data = versions.read_table(dataset_dir, table, version)
        data = data.sort_by(data.schema.names[0])
        data = data.drop_columns([c for c in omitted.get(table, ()) if c in data.schema.names])
        path = into / f"{table}.parquet"
        pq.write_table(describe_arrow(data, docs[table]), path, compression="zstd")
        files[table] = {
            "file": path.name,
            "rows": data.num_rows,
            "bytes": path.stat().st_size,
            "sha256": sha256_file(path),
        }
    return files


def _readme(
    entry: dict[str, Any], files: dict[str, dict[str, Any]], omitted: dict[str, tuple[str, ...]]
) -> str:
    gone = ", ".join(f"`{t}.{c}`" for t, cols in omitted.items() for c in cols)
    return _README.format(
        version=entry["version"],
        run_id=entry["run_id"],
        created_at=entry["created_at"],
        code_version=entry["code_version"],
        rows="\n".join(f"| `{t}` | {f['rows']} |" for t, f in files.items()),
        no_text=_NO_TEXT.format(columns=gone) if omitted else "",
    )


def _datapackage(
    entry: dict[str, Any],
    docs: dict[str, TableDoc],
    files: dict[str, dict[str, Any]],
    omitted: dict[str, tuple[str, ...]],
) -> dict[str, Any]:
    """A Frictionless Data Package (v1 descriptor) of the Parquet files."""
    resources = []
    for table, info in files.items():
        doc = docs[table]
        kept = [c.name for c in doc.columns if c.name not in omitted.get(table, ())]
        resources.append(
            {
                "name": table,
                "path": info["file"],
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "encoding": "utf-8",
                "hash": f"sha256:{info['sha256']}",
                "description": doc.comment,
                "schema": table_schema(doc, kept),
            }
        )
    return {
        "name": "khabar",
        "title": f"khabar: events from Hindi news, version {entry['version']}",
        "version": str(entry["version"]),
        "created": entry["created_at"],
        "description": "Articles, sentences, entities, mentions, dates, events and event "
        "reports extracted from Hindi news by khabar. See CODEBOOK.md and ATTRIBUTION.md.",
        "sources": [
            {"title": "news articles: see ATTRIBUTION.md"},
            {"title": "HiNER (CC BY-SA 4.0), training data of the NER model"},
            {"title": "IL-NER Hindi (CC BY 4.0), training data of the NER model"},
        ],
        "resources": resources,
    }


def _sources(dataset_dir: Path, version: int) -> Counter[str]:
    """Articles per ``source`` as the input metadata named it."""
    data = versions.read_table(dataset_dir, "articles", version).column("source").to_pylist()
    return Counter(str(s) if s else "(not given)" for s in data)


def _khabar_license() -> str:
    pyproject = REPO_ROOT / "pyproject.toml" if REPO_ROOT is not None else None
    if pyproject is not None and pyproject.is_file():  # a checkout: its own pyproject
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["license"])
    meta = metadata.metadata("khabar")
    return str(meta["License-Expression"] or meta["License"])


def _license(sources: Counter[str], text: bool) -> str:
    articles = (
        "The article text (`articles.raw_text`, `articles.text`, `sentences.text`) and the "
        "short spans quoted from it (`surface`, `trigger`) remain the work of the articles' "
        "publishers. The input metadata records no licence for any article (it records "
        "`published_date`, `source`, `url` only), so no licence to redistribute the text is "
        "granted here; share a `--no-text` export where the publishers' terms do not allow it."
        if text
        else "This export was made with `--no-text`: it holds no article text, only ids, offsets "
        "and short spans (`surface`, `trigger`) quoted from the articles, which remain the "
        "work of their publishers."
    )
    return f"""\
Licensing of this khabar dataset package

1. The khabar software that produced this package is licensed under {_khabar_license()}.
   That licence covers the code, not this data.

2. Articles ({sum(sources.values())} in this version; sources in ATTRIBUTION.md).
{textwrap.fill(articles, 90, initial_indent="   ", subsequent_indent="   ")}

3. Entity mentions found by the statistical NER model (`mentions.method = 'model'`) are
   outputs of a model trained on HiNER (CC BY-SA 4.0) and IL-NER Hindi (CC BY 4.0); credit
   both as in ATTRIBUTION.md. The ShareAlike condition binds the model files, not its
   outputs; crediting the data sets is asked of every user of this package.

4. The rest (ids, offsets, dates, events, the tables' structure) is khabar's derived
   annotation of the articles; cite it as CITATION.cff says.
"""


def _attribution(sources: Counter[str]) -> str:
    rows = "\n".join(
        f"| {s} | {n} | not recorded in the input metadata |" for s, n in sorted(sources.items())
    )
    return f"""\
# Attribution

## Articles

The articles are the work of their publishers. Per source, as the input metadata names it
(`articles.source`; each article's `url` is in `articles.parquet` where it was given):

| source | articles | licence |
|---|---|---|
{rows}

## NER model training data (entity mentions with `method = 'model'`)

- **HiNER**: Murthy et al., *HiNER: A Large Hindi Named Entity Recognition Dataset*
  (LREC 2022), **CC BY-SA 4.0**.
- **IL-NER** (Hindi train split), **CC BY 4.0**.

The model (khabar's `models/ner_hi`) is shared under CC BY-SA 4.0; see its ATTRIBUTION.md.

## khabar

Produced by khabar ({_khabar_license()}); see CITATION.cff.
"""


def _citation(entry: dict[str, Any]) -> str:
    released = str(entry["created_at"])[:10]
    return f"""\
cff-version: 1.2.0
message: "If you use this dataset, cite it as below, with its version."
type: dataset
title: "khabar: events from Hindi news, version {entry["version"]}"
version: "{entry["version"]}"
date-released: "{released}"
authors:
  - name: "khabar contributors"
keywords:
  - Hindi
  - news
  - event data
  - PLOVER
notes: "run {entry["run_id"]}, code {entry["code_version"]}, input hash {entry["input_hash"]}"
"""


def _sha256sums(folder: Path) -> str:
    """``sha256sum`` format (hash, two spaces, name) of every file in the folder."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != SHA256SUMS)
    return "".join(f"{sha256_file(folder / name)}  {name}\n" for name in names)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
