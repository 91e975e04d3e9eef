"""Storage imports no language logic: ``consolidate``, between analysis and storage,
derives what needs both; ``warehouse/`` only creates, fills, copies and reads tables."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SRC = REPO / "src" / "khabar"
WAREHOUSE = sorted((SRC / "warehouse").glob("*.py"))
# What storage must not reach: the language stages and what is built on them.
LANGUAGE = ("khabar.nlp", "khabar.stages", "khabar.batch", "khabar.consolidate")


def _imports(path: Path) -> set[str]:
    """Modules a file imports (absolute names; relative imports resolved in khabar)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
                base = package.rsplit(".", node.level)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _reaches(module: str, forbidden: tuple[str, ...]) -> bool:
    return any(module == f or module.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("path", WAREHOUSE, ids=lambda p: p.name)
def test_warehouse_modules_import_no_language_logic(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if _reaches(m, LANGUAGE))
    assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_the_warehouse_loads_no_language_module() -> None:
    """Indirectly either: importing every warehouse module loads nothing of the stages."""
    modules = ", ".join(f"khabar.warehouse.{p.stem}" for p in WAREHOUSE if p.stem != "__init__")
    code = (
        f"import sys, {modules}; "
        f"print(sorted(m for m in sys.modules if m.startswith({LANGUAGE!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
