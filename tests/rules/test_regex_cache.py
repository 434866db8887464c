"""The stored compiled regexes (composer.lint.regex_cache) are the patterns re.compile gives.

``re.Pattern`` equality compares source, flags and the engine's code, so each check here is the whole claim:
a pattern built from the store matches exactly what the plain pattern matches.
"""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

from composer.lint import regex_cache
from composer.lint.engine import lint_text
from composer.lint.regex_cache import Store
from tests.rules.corpus.score import HERE, load


def _plain(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


def test_every_pattern_of_a_lint_run_is_the_plain_pattern() -> None:
    for record in load(HERE / "real.txt") + load(HERE / "guide.txt"):
        for model in ("sora-2", "veo-3.1", "gen4_turbo", "seedance-2.0"):
            lint_text(record.text, model=model, seconds=record.seconds, reference=record.reference)
    entries = regex_cache.STORE._load()
    if regex_cache.STORE.path is None:
        pytest.skip("no bytecode folder for the store here")
    assert len(entries) > 200  # vocabularies, stems, rule patterns: the lint path compiles through the store
    for (source, flags), _entry in entries.items():
        assert regex_cache.STORE.compile(source, flags) == _plain(source, flags), source[:120]


def test_a_store_written_by_one_process_is_read_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    path = tmp_path / "__pycache__" / "rx.marshal"
    sources = [(r"(?P<who>[A-Z][a-z]+)\s+says?\b", 0), (r"\bpan(?:s|ning)?\s+(left|right)", re.IGNORECASE),
               ("(?:café|naïve)", re.IGNORECASE), (r"^\s*shot\s+\d+:", re.MULTILINE)]
    first = Store(path)
    built = [first.compile(s, f) for s, f in sources]
    first.save()
    assert path.exists()
    second = Store(path)
    again = [second.compile(s, f) for s, f in sources]
    assert second._new == 0  # every one came from the file
    for (s, f), a, b in zip(sources, built, again, strict=True):
        assert a == b == _plain(s, f)
        assert a.groupindex == b.groupindex == _plain(s, f).groupindex
    text = "Mara says hi. Slowly pans left; SHOT 2: café"
    assert [m.group(0) for m in again[1].finditer(text)] == [m.group(0) for m in _plain(*sources[1]).finditer(text)]


def test_an_unreadable_or_foreign_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "rx.marshal"
    path.write_bytes(b"not marshal data")
    assert Store(path).compile(r"\bdolly\b", re.I) == _plain(r"\bdolly\b", re.I)
    path.write_bytes(marshal.dumps(((0, 0, 0, 0), {(r"\bdolly\b", 2): (2, [1, 2, 3], 0, {}, (None,))})))
    store = Store(path)  # written by another interpreter: its code is not trusted
    assert store.compile(r"\bdolly\b", 2) == _plain(r"\bdolly\b", 2)
    assert store._new == 1


def test_a_bad_pattern_raises_as_re_compile_does(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        Store(tmp_path / "rx.marshal").compile("(unclosed")


def test_nothing_is_written_without_bytecode_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    store = Store(tmp_path / "rx.marshal")
    store.compile(r"\btilt\b")
    store.save()
    assert not (tmp_path / "rx.marshal").exists()
