"""The iteration log of a shot: every take, what its prompt changed from the take before it, its parameters, the
note the person wrote and its rating — one readable view, exportable as Markdown.

Seed 003: "keep a prompt log where they note what modifications were made and what they did". The take before a
take is its parent (a remix, an extension, a promoted draft), else the one made just before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.document.lineage import tier, word_diff
from composer.document.models import Project, Shot, Take


@dataclass(frozen=True)
class LogEntry:
    take: Take
    previous: Take | None
    diff: tuple[tuple[str, str], ...]  # word runs: ' ' same, '-' removed, '+' added; empty for the first take
    tier: str

    @property
    def changed(self) -> bool:
        return any(op != " " for op, _ in self.diff)

    def params_text(self) -> str:
        p = self.take.params
        bits = [str(p.get(k)) for k in ("model", "size") if p.get(k)]
        if p.get("seconds"):
            bits.append(f"{p['seconds']} s")
        return " · ".join(bits)


def shot_log(shot: Shot) -> list[LogEntry]:
    """The shot's takes oldest first, each with its prompt diff from the take before it."""
    takes = sorted(shot.takes, key=lambda t: t.created_at)
    by_id = {t.id: t for t in takes}
    out = []
    for i, take in enumerate(takes):
        prev = by_id.get(take.parent_take_id or "") or (takes[i - 1] if i else None)
        diff = tuple(word_diff(prev.prompt_sent, take.prompt_sent)) if prev is not None else ()
        out.append(LogEntry(take, prev, diff, tier(take)))
    return out


def _md_diff(diff: tuple[tuple[str, str], ...]) -> str:
    """Removed words struck through, added words in bold; unchanged runs longer than 12 words elided."""
    parts = []
    for op, text in diff:
        if op == "-":
            parts.append(f"~~{text.strip()}~~ " if text.strip() else "")
        elif op == "+":
            parts.append(f"**{text.strip()}** " if text.strip() else "")
        else:
            words = text.split()
            parts.append(" ".join(words) + " " if len(words) <= 12 else
                         " ".join(words[:4]) + " … " + " ".join(words[-4:]) + " ")
    return "".join(parts).strip()


def to_markdown(project: Project, shot_ids: list[str] | None = None) -> str:
    """The log of every shot (or of ``shot_ids``) as Markdown, one section per shot, one entry per take."""
    lines = [f"# Iteration log — {project.name}", ""]
    for shot in project.shots:
        if shot_ids is not None and shot.id not in shot_ids:
            continue
        lines += [f"## {shot.title or shot.id}", ""]
        entries = shot_log(shot)
        if not entries:
            lines += ["No takes yet.", ""]
        for e in entries:
            t = e.take
            flags = [e.tier, t.kind.value] + (["hero"] if t.hero else [])
            lines.append(f"### {t.id} — {t.created_at:%Y-%m-%d %H:%M} ({', '.join(flags)})")
            lines.append("")
            lines.append(f"- Parameters: {e.params_text() or '—'}")
            lines.append(f"- Rating: {'★' * t.rating + '☆' * (5 - t.rating)}")
            lines.append(f"- Note: {t.notes.strip() or '—'}")
            if e.previous is None:
                lines += ["- Prompt:", "", "  > " + t.prompt_sent.strip().replace("\n", "\n  > "), ""]
            elif e.changed:
                lines += [f"- Changed from {e.previous.id}: {_md_diff(e.diff)}", ""]
            else:
                lines += [f"- Prompt unchanged from {e.previous.id}", ""]
    return "\n".join(lines).rstrip() + "\n"
