"""Load the model profiles in ``resources/models/*.toml`` (validated), and find a profile by any of its names.

Validated at start (the CLI and the app call ``catalog()`` before anything else): a mistake in a data file fails
with the file, the key and the problem named (``ProfileError``), never later as a KeyError mid-render. The strict
check is the pydantic schema in ``composer.catalog.schema``; it runs whenever the files differ from the ones last
validated — ``resources/models/VALIDATED`` holds the digest of those (``python -m composer.catalog.loader --stamp``
writes it, a test keeps it current) — so the shipped files load without importing pydantic, and an edited file is
checked in full before it is used. ``lookup`` knows native ids and gateway aliases (``vertex_ai/veo-3.1-generate-001``,
``runwayml/gen4_turbo``), case-insensitively; a name no profile knows gives None (unknown but allowed).
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from composer import resources
from composer.catalog.errors import ProfileError
from composer.catalog.profiles import Draft, ModelProfile, Price, Source

__all__ = ["Catalog", "ProfileError", "catalog", "default_model", "digest", "load_dir", "lookup"]
STAMP = "VALIDATED"


@dataclass(frozen=True)
class Catalog:
    """Every profile, indexed by every name (case-folded), and each family's name prefixes."""

    profiles: tuple[ModelProfile, ...]
    by_name: dict[str, ModelProfile]
    prefixes: tuple[tuple[str, str], ...]  # (prefix, guide family), longest first

    def lookup(self, name: str | None) -> ModelProfile | None:
        if not name:
            return None
        return self.by_name.get(name.strip().casefold())

    def active(self) -> tuple[ModelProfile, ...]:
        return tuple(p for p in self.profiles if not p.retired)


def digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def _tuples(values: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def _profile(name: str, m: dict[str, Any], fam: dict[str, Any], file: str) -> ModelProfile:
    """A profile from a family file's (already validated) entry; every source id must resolve."""
    table = fam["sources"]
    prices = m.get("prices", [])
    sources: dict[str, Source] = {}
    refs = {**m["source"], **{f"price:{i}": p["source"] for i, p in enumerate(prices)}}
    for what, sid in refs.items():
        src = table.get(sid)
        if src is None:
            raise ProfileError(file, f"models.{name}.source.{what}" if not what.startswith("price:")
                               else f"models.{name}.prices[{what[6:]}].source",
                               f"unknown source '{sid}'; the [sources] table has {', '.join(sorted(table))}")
        sources[what] = Source(src["title"], src["url"], src["read"])
    if not prices:
        sources.setdefault("prices", sources["default"])
    values = _tuples({k: v for k, v in m.items() if k not in ("prices", "source", "draft")})
    d = m.get("draft")
    if d is not None and d.get("source") and d["source"] not in table:
        raise ProfileError(file, f"models.{name}.draft.source",
                           f"unknown source '{d['source']}'; the [sources] table has {', '.join(sorted(table))}")
    draft = Draft(**_tuples(d)) if d is not None else None
    return ModelProfile(name=name, family=fam["family"], guide=fam["guide"], vendor=fam["vendor"],
                        self_hosted=bool(fam.get("self_hosted", False)), sources=sources, draft=draft,
                        prices=tuple(Price(float(p["per_second"]), tuple(p.get("sizes", ())), p["source"])
                                     for p in prices), **values)


def _read(folder: Path) -> list[tuple[str, bytes]]:
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ProfileError(str(folder), "(folder)", "no model profile files (*.toml) found")
    out = []
    for f in files:
        try:
            out.append((f.name, f.read_bytes()))
        except OSError as e:
            raise ProfileError(f.name, "(file)", f"cannot be read: {e}") from None
    return out


def load_dir(folder: Path, *, trust_stamp: bool = True) -> Catalog:
    """Read every ``*.toml`` in ``folder``; validate them unless they are byte for byte the stamped ones.

    Raises ProfileError naming file, key and problem.
    """
    files = _read(folder)
    stamp = folder / STAMP
    trusted = trust_stamp and stamp.is_file() and stamp.read_text().strip() == digest(files)
    profiles: list[ModelProfile] = []
    by_name: dict[str, ModelProfile] = {}
    owner: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for name_, data in files:
        try:
            raw = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ProfileError(name_, "(file)", f"not UTF-8 text: {e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ProfileError(name_, "(syntax)", str(e)) from None
        if not trusted:
            from composer.catalog.schema import validate_family  # pydantic: only for files not yet validated

            validate_family(raw, name_)
        prefixes += [(p.casefold(), raw["guide"]) for p in raw.get("prefixes", ())]
        for name, m in raw["models"].items():
            profile = _profile(name, m, raw, name_)
            for n in profile.names:
                k = n.casefold()
                if k in by_name:
                    raise ProfileError(name_, f"models.{name}", f"the name '{n}' is already used in {owner[k]}")
                by_name[k], owner[k] = profile, name_
            profiles.append(profile)
    for p in profiles:
        if p.successor and p.successor.casefold() not in by_name:
            raise ProfileError(owner[p.name.casefold()], f"models.{p.name}.successor",
                               f"successor '{p.successor}' is not a profiled model")
        _check_draft(p, by_name, owner[p.name.casefold()])
    return Catalog(tuple(profiles), by_name, tuple(sorted(prefixes, key=lambda x: -len(x[0]))))


def _check_draft(p: ModelProfile, by_name: dict[str, ModelProfile], file: str) -> None:
    """A draft's model must be profiled, and its seconds and sizes ones that model takes."""
    d = p.draft
    if d is None or d.animatic:
        return
    target = by_name.get((d.model or p.name).casefold())
    if target is None:
        raise ProfileError(file, f"models.{p.name}.draft.model", f"draft model '{d.model}' is not a profiled model")
    if d.seconds is not None and d.seconds not in target.durations:
        raise ProfileError(file, f"models.{p.name}.draft.seconds",
                           f"{d.seconds} s is not a length {target.name} takes ({target.durations})")
    stray = [s for s in d.sizes if s not in target.sizes]
    if stray:
        raise ProfileError(file, f"models.{p.name}.draft.sizes",
                           f"{', '.join(stray)} is not a size {target.name} takes ({', '.join(target.sizes)})")


def write_stamp(folder: Path) -> str:
    """Validate ``folder`` in full, then record its digest as validated."""
    load_dir(folder, trust_stamp=False)
    value = digest(_read(folder))
    (folder / STAMP).write_text(value + "\n")
    return value


@cache
def catalog() -> Catalog:
    """The shipped profiles (``resources/models/``), loaded once per process."""
    return load_dir(resources.path("models"))


def lookup(name: str | None) -> ModelProfile | None:
    """The profile a model name (native id or gateway alias) belongs to; None for a model no profile knows."""
    return catalog().lookup(name)


def default_model() -> str:
    """The model new projects and `slate lint` start with: Veo 3.1 while it is active, else the first active one."""
    p = lookup("veo-3.1")
    return p.name if p is not None and not p.retired else catalog().active()[0].name


if __name__ == "__main__":  # python -m composer.catalog.loader --stamp
    if sys.argv[1:] == ["--stamp"]:
        print(write_stamp(resources.path("models")))
