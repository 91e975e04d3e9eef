"""``src/khabar`` is the library: it never imports Prefect or the flows, not even lazily
inside a function (the ``khabar`` console script, ``flows.cli``, plugs the flow in)."""

from __future__ import annotations

import ast
from pathlib import Path

import khabar

LIBRARY = Path(khabar.__file__).parent


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_the_library_never_imports_prefect_or_the_flows() -> None:
    offenders = {
        f"{path.relative_to(LIBRARY)}: {name}"
        for path in LIBRARY.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ("prefect", "prefect_dask", "flows")
    }
    assert sorted(offenders) == []
