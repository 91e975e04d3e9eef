"""Language identification with langdetect, made repeatable and thread-safe.

langdetect samples n-grams at random, so every detector gets the same seed; its profile
factory is a lazily built global, so it is built once under a lock (``warm_up``) before any
thread asks for a detector.
"""

from __future__ import annotations

import threading
import unicodedata

from langdetect.detector_factory import DetectorFactory, init_factory
from langdetect.lang_detect_exception import LangDetectException

_LOCK = threading.Lock()
_FACTORY: DetectorFactory | None = None


def warm_up() -> DetectorFactory:
    """Load langdetect's profiles once; call before mapping tasks over threads."""
    global _FACTORY
    if _FACTORY is None:
        with _LOCK:
            if _FACTORY is None:
                import langdetect.detector_factory as module

                init_factory()
                _FACTORY = module._factory
    assert _FACTORY is not None
    return _FACTORY


def detect_language(text: str, seed: int = 0) -> tuple[str | None, float | None]:
    """Most probable language code and its probability; (None, None) when there is no text
    with letters to judge."""
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        return None, None
    detector = warm_up().create()
    detector.seed = seed
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    return str(best.lang), round(float(best.prob), 4)
