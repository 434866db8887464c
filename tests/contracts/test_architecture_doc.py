"""docs/architecture.md stays true to the code: every `path.py:Name` it cites exists, and every room is described.

The walks in the doc are numbered `file:function` lists; a rename or a move that leaves them stale fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
REF = re.compile(r"`((?:composer|ui)/[\w/]+\.py):([A-Za-z_][\w.]*)`")
ROOM = re.compile(r"`((?:composer|ui)/\w+)/`")


def _names(path: Path) -> set[str]:
    """Top-level functions, classes, assignments, and Class.method names defined in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        names.add(f"{node.name}.{item.name}")
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        names.add(f"{node.name}.{item.target.id}")
                    elif isinstance(item, ast.Assign):
                        names.update(f"{node.name}.{t.id}" for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_cited_function_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    refs = REF.findall(text)
    assert len(refs) >= 30, "the walks cite too few file:function steps to be walks"
    missing = []
    for file, name in refs:
        path = ROOT / file
        if not path.exists():
            missing.append(f"{file} (no such file)")
        elif name not in _names(path):
            missing.append(f"{file}:{name}")
    assert not missing, "docs/architecture.md cites what the code no longer has: " + ", ".join(missing)


def test_every_room_has_its_paragraph() -> None:
    described = set(ROOM.findall(DOC.read_text(encoding="utf-8")))
    rooms = {f"{pkg}/{d.name}" for pkg in ("composer", "ui") for d in (ROOT / pkg).iterdir()
             if d.is_dir() and (d / "__init__.py").exists()}
    assert rooms - described == set(), f"rooms missing from docs/architecture.md: {sorted(rooms - described)}"
