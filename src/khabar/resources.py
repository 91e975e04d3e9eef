"""What the language stages read: where the reference data lives, and the one object built
from it.

The reference data (gazetteers and lexicons as CSV in ``seeds/``, the DDL in ``sql/``, the
quality suites in ``expectations/``, the NER model in ``models/ner_hi``) has the repository's
top-level folders as its source of truth, reviewed like code. A checkout reads them there; an
installed wheel carries copies as package data (``khabar/data/``, mapped from those folders
by pyproject.toml) and reads them through ``importlib.resources``.

``Resources.load`` builds everything the stages need once (like spaCy's ``nlp``), and fails
with a one-line error naming the file (and line) when a piece is missing or malformed.
Stages take it as an argument; nothing below them loads reference data for itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khabar.model import NerMode

if TYPE_CHECKING:
    from khabar.nlp.dates import DatePatterns
    from khabar.nlp.entities import EntityModel, KnowledgeBase
    from khabar.nlp.events import EventLexicon, Places
    from khabar.nlp.groups import GroupLexicon

_PACKAGED = Path(str(files("khabar"))) / "data"  # an installed wheel's copies
_CHECKOUT = Path(__file__).resolve().parents[2]  # the repository, for a checkout
# An installed wheel has khabar/data/seeds; a checkout (or an editable install) has not.
INSTALLED = (_PACKAGED / "seeds").is_dir()
DATA_ROOT = _PACKAGED if INSTALLED else _CHECKOUT
# The checkout khabar runs from, None when it runs from an installed wheel.
REPO_ROOT: Path | None = None if INSTALLED else _CHECKOUT
SEEDS_DIR = DATA_ROOT / "seeds"
SQL_DIR = DATA_ROOT / "sql"
EXPECTATIONS_DIR = DATA_ROOT / "expectations"
MODEL_DIR = DATA_ROOT / "models" / "ner_hi"


def reference_path(name: str) -> Path:
    """Path of a reference CSV in ``seeds/``; fails loudly if it is missing."""
    path = SEEDS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"reference data {name!r} not found at {path}")
    return path


def csv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of a reference CSV with where each stands (``path:line``), read strictly:
    a missing file, a header without one of ``columns`` or a row with more or fewer fields
    than the header is a ``ValueError`` (``FileNotFoundError``) naming file and line."""
    if not path.is_file():
        raise FileNotFoundError(f"reference data not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path}:1: empty file, expected the columns {', '.join(columns)}")
        missing = [c for c in columns if c not in header]
        if missing:
            raise ValueError(f"{path}:1: header lacks the column(s) {', '.join(missing)}")
        for fields in reader:
            where = f"{path}:{reader.line_num}"
            if len(fields) != len(header):
                raise ValueError(
                    f"{where}: {len(fields)} fields where the header has {len(header)}"
                )
            yield where, dict(zip(header, fields, strict=True))


@dataclass(frozen=True, eq=False)
class Resources:
    """Everything the language stages read, built once by ``load``.

    Pickled (to a process-pool or Dask worker) it travels as where it was loaded from, and
    the worker loads it once per process (``shared``): never the model itself per task."""

    kb: KnowledgeBase
    places: Places
    events: EventLexicon
    groups: GroupLexicon
    dates: DatePatterns
    ner: EntityModel | None  # None: entities from the gazetteer alone
    seeds_dir: Path
    model_dir: Path
    ner_mode: NerMode

    @classmethod
    def load(
        cls,
        seeds_dir: Path | None = None,
        model_dir: Path | None = None,
        ner: NerMode = "model",
    ) -> Resources:
        """The knowledge base, places, event and group lexicons, date patterns and (with
        ``ner="model"``) the NER model, from ``seeds_dir`` and ``model_dir`` (default: the
        shipped ones). Raises ``FileNotFoundError`` or ``ValueError`` with a one-line reason
        when one is missing or malformed."""
        from khabar.nlp.dates import load_date_patterns
        from khabar.nlp.entities import load_knowledge_base
        from khabar.nlp.events import load_event_lexicon, places_of
        from khabar.nlp.groups import load_groups
        from khabar.nlp.ner_model import load_entity_model

        seeds = (seeds_dir or SEEDS_DIR).resolve()
        model = (model_dir or MODEL_DIR).resolve()
        if not seeds.is_dir():
            raise FileNotFoundError(f"reference data folder not found: {seeds}")
        for name in REFERENCE_FILES:
            if not (seeds / name).is_file():
                raise FileNotFoundError(f"reference data {name!r} not found in {seeds}")
        kb = load_knowledge_base(seeds / "entities.csv")
        groups = load_groups(seeds / "groups.csv")
        return cls(
            kb=kb,
            places=places_of(kb),
            events=load_event_lexicon(seeds, groups),
            groups=groups,
            dates=load_date_patterns(seeds / "date_lexicon.csv"),
            ner=load_entity_model(model) if ner == "model" else None,
            seeds_dir=seeds,
            model_dir=model,
            ner_mode=ner,
        )

    def __reduce__(self) -> tuple[Any, tuple[Path, Path, NerMode]]:
        return shared, (self.seeds_dir, self.model_dir, self.ner_mode)


# What ``load`` reads from the seeds folder (the knowledge base reads the first five).
REFERENCE_FILES = (
    "entities.csv", "countries.csv", "indian_states.csv", "demonyms.csv",
    "gazetteer_stoplist.csv", "groups.csv", "event_triggers.csv", "event_words.csv",
    "date_lexicon.csv",
)  # fmt: skip
_SHARED: dict[tuple[Path, Path, NerMode], Resources] = {}


def shared(seeds_dir: Path, model_dir: Path, ner: NerMode) -> Resources:
    """``Resources.load`` once per process for these arguments: what a worker process
    unpickles the flow's resources into."""
    key = (seeds_dir, model_dir, ner)
    if key not in _SHARED:
        _SHARED[key] = Resources.load(seeds_dir, model_dir, ner)
    return _SHARED[key]


def shipped(ner: NerMode = "gazetteer") -> Resources:
    """The shipped reference data (without the NER model unless ``ner="model"``), loaded
    once per process: the default of the nlp functions' resource arguments, for callers
    that pass none."""
    return shared(SEEDS_DIR.resolve(), MODEL_DIR.resolve(), ner)
