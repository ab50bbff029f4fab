"""The layer order holds (pyproject.toml's import-linter contracts; .ci/run runs ``lint-imports`` too) and no
module reaches a project module from inside a function, the usual way to hide an import cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "storage", "accounts", "personas", "scenarios", "simulator", "scoring", "web")


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _function_imports(path: Path) -> list[str]:
    found = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                found += [f"{path.relative_to(REPO)}:{node.lineno} {name}" for name in _imported(node)
                          if name.split(".")[0] in PACKAGES]
    return found


def test_no_project_import_inside_a_function() -> None:
    sources = [p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")] + [REPO / "app.py"]
    offenders = [hit for path in sources for hit in _function_imports(path)]
    assert not offenders, offenders


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-3000:]
    assert "broken" in out.stdout and " 0 broken" in out.stdout
