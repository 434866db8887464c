"""Compiled regexes kept between processes, next to the lint package's own bytecode.

Python parses and compiles every regex in pure Python; the lint path has a few hundred (vocabularies, rule
patterns), and compiling them was about a third of a cold ``slate lint FILE``. The engine's compiled form
(the code list ``re._compiler`` hands to ``_sre.compile``) is plain ints, so it is stored with ``marshal`` in
the ``__pycache__`` folder beside this module, keyed by (source, flags), and the next process builds each
pattern with one C call. ``re.Pattern`` equality compares flags, source and code, so a pattern built here is
the same pattern ``re.compile`` gives (``tests/rules/test_regex_cache.py`` holds every stored one to that).

The file is one more bytecode cache: it is written like ``.pyc`` files are (not under
PYTHONDONTWRITEBYTECODE, skipped where the folder is read-only), checked against the interpreter that wrote
it, and rebuilt when unreadable. Anything unexpected falls back to ``re.compile``.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

try:  # CPython's engine; elsewhere (or if its internals move) every pattern goes through re.compile
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _HEADER: tuple[Any, ...] | None = (1, sys.hexversion, _sre.MAGIC, _sre.CODESIZE)
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _HEADER = None

_MAX_BUILT = 2048  # patterns a rule builds per run (one per character name) are reused, as re.compile's are
_MAX_ENTRIES = 5000  # past this, a write keeps only the patterns this process used (vocabularies change)
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


class Store:
    """The stored patterns of one file: loaded on first use, written back at exit when something was new."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[tuple[str, int], Entry] | None = None
        self._used: set[tuple[str, int]] = set()
        self._new = 0
        self._registered = False
        self._built: dict[tuple[str, int], re.Pattern[str]] = {}  # this process's patterns, as re's own cache

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        flags = int(flags)
        if _HEADER is None or self.path is None:
            return re.compile(source, flags)
        key = (source, flags)
        pattern = self._built.get(key)
        if pattern is not None:
            return pattern
        entries = self._load()
        entry = entries.get(key)
        if entry is None:
            built = _build(source, flags)
            if built is None:
                return re.compile(source, flags)
            entry = entries[key] = built
            self._new += 1
            if not self._registered:
                self._registered = True
                atexit.register(self.save)
        self._used.add(key)
        if len(self._built) >= _MAX_BUILT:
            self._built.clear()
        made: re.Pattern[str] = _sre.compile(source, *entry)
        self._built[key] = made
        return made

    def _load(self) -> dict[tuple[str, int], Entry]:
        if self._entries is None:
            self._entries = {}
            try:
                assert self.path is not None
                header, entries = marshal.loads(self.path.read_bytes())
                if header == _HEADER and isinstance(entries, dict):
                    self._entries = entries
            except (OSError, EOFError, ValueError, TypeError):
                pass  # no file yet, or one this interpreter cannot read: start afresh
        return self._entries

    def save(self) -> None:
        """Write the patterns back (atomically: another process may be reading or writing the same file)."""
        if not self._new or self.path is None or self._entries is None or sys.dont_write_bytecode:
            return
        entries = self._entries
        if len(entries) > _MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self._used}
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp.write_bytes(marshal.dumps((_HEADER, entries)))
            os.replace(tmp, self.path)
            self._new = 0
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)  # a read-only install: compile each run, as without the cache


def _build(source: str, flags: int) -> Entry | None:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``source``, as plain data (None: let
    ``re.compile`` handle it, errors included)."""
    try:
        parsed = _parser.parse(source, flags)
        code = list(map(int, _compiler._code(parsed, flags)))  # opcodes are int subclasses: marshal wants ints
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry: Entry = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        _sre.compile(source, *entry)
    except Exception:  # noqa: BLE001 - a bad pattern raises from re.compile with its own message
        return None
    return entry


def _default_path() -> Path | None:
    try:
        from importlib.util import cache_from_source

        folder = Path(cache_from_source(__file__)).parent
    except (NotImplementedError, ValueError):
        return None
    return folder / f"regex_cache.{sys.implementation.cache_tag}.marshal"


STORE = Store(_default_path())


def compile(source: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - the same call as re.compile
    """``re.compile(source, flags)``, built from the stored compiled form when this interpreter stored it."""
    return STORE.compile(source, flags)
