"""Fault injection for the stand-in: a small grammar, deterministic with a seed.

Grammar (comma-separated rules): ``KIND[@SCOPE][:ARG]`` where
- KIND: an HTTP status (``429``, ``500``, ``502``, ``503``), ``429-bare`` (a 429 without Retry-After headers),
  ``reset`` (drop the connection before doing anything), ``lost`` (create: make the job, then drop the connection:
  the answer is lost), ``timeout`` (hang ARG ``seconds=30`` before answering), ``slow``
  (delay, ARG ``seconds=2``), ``truncate`` / ``zero-byte`` (content downloads), ``moderation`` (ARG
  ``keyword=WORD``: prompts containing WORD fail with moderation_blocked), ``fail`` (terminal failure,
  ARG ``code=CODE``), ``stuck`` (never finishes), ``expire-after`` (ARG seconds: content expires),
  ``garbage`` (``GET /v1/models`` answers 200 with an HTML page instead of a model list).
- SCOPE: ``create`` (POST that makes a job), ``poll`` (GET a video), ``download`` (content), ``list``, ``models``
  (GET /v1/models), ``any``.
- ARG: a probability ``0.2``, ``first=N`` (the first N matching requests), ``keyword=WORD``, ``code=X``,
  ``seconds=S``, or a bare number for expire-after.
Examples: ``429:0.2,500@create:first=1,truncate@download:0.5,moderation:keyword=forbidden,expire-after:60``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

from composer.errors import InputError

KINDS = {"429", "429-bare", "500", "502", "503", "reset", "lost", "slow", "truncate", "zero-byte", "moderation",
         "fail", "stuck", "expire-after", "timeout", "garbage"}
SCOPES = {"create", "poll", "download", "list", "models", "any"}
DEFAULT_SCOPE = {"lost": "create", "truncate": "download", "zero-byte": "download", "moderation": "create",
                 "fail": "create", "stuck": "create", "expire-after": "download", "garbage": "models"}


@dataclass
class Rule:
    kind: str
    scope: str = "any"
    probability: float = 1.0
    first: int | None = None
    keyword: str | None = None
    code: str | None = None
    seconds: float = 0.0
    seen: int = 0


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    seed: int = 0
    injected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str | None, seed: int = 0) -> Faults:
        rules = []
        for part in filter(None, (p.strip() for p in (spec or "").split(","))):
            head, _, arg = part.partition(":")
            kind, _, scope = head.partition("@")
            if kind not in KINDS:
                raise InputError(f"unknown fault '{kind}' in '{part}'", hint=f"Known: {', '.join(sorted(KINDS))}.")
            scope = scope or DEFAULT_SCOPE.get(kind, "any")
            if scope not in SCOPES:
                raise InputError(f"unknown fault scope '{scope}' in '{part}'", hint=f"Use {', '.join(SCOPES)}.")
            rule = Rule(kind, scope)
            for a in filter(None, arg.split(";")):
                key, eq, value = a.partition("=")
                try:
                    if not eq:
                        if kind == "expire-after":
                            rule.seconds = float(key)
                        else:
                            rule.probability = float(key)
                    elif key == "first":
                        rule.first = int(value)
                    elif key == "keyword":
                        rule.keyword = value.lower()
                    elif key == "code":
                        rule.code = value
                    elif key == "seconds":
                        rule.seconds = float(value)
                    else:
                        raise ValueError(key)
                except ValueError:
                    raise InputError(f"bad fault argument '{a}' in '{part}'") from None
            rules.append(rule)
        return cls(rules, seed)

    def pick(self, scope: str, prompt: str = "") -> list[Rule]:
        """The rules that fire for one request on ``scope`` (each rule decides on its own)."""
        fired = []
        with self._lock:
            for r in self.rules:
                if r.scope not in (scope, "any") or r.kind == "expire-after":
                    continue
                if r.keyword is not None:
                    hit = r.keyword in prompt.lower()
                elif r.first is not None:
                    hit = r.seen < r.first
                    r.seen += 1
                else:
                    hit = self._rng.random() < r.probability
                if hit:
                    fired.append(r)
                    self.injected[f"{r.kind}@{scope}"] = self.injected.get(f"{r.kind}@{scope}", 0) + 1
        return fired

    def expire_after(self) -> float | None:
        return next((r.seconds for r in self.rules if r.kind == "expire-after"), None)
