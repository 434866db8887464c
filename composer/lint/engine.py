"""Run the rules: structured mode (a Shot in a Project) and free-text mode (a pasted prompt).

Fast enough for every keystroke: patterns are compiled once, each vocabulary is one regex, the prompt's
shape (shots, sections, JSON fields) is parsed once per run, and a run lints one shot. Which rules run
depends on the model's guide family; rules can be disabled per project and suppressed per shot with a
reason. Free-text mode imports no pydantic model, so ``slate lint FILE`` starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from composer.catalog.families import guide_family
from composer.catalog.profiles import Mode
from composer.lint import language, memo
from composer.lint.registry import all_rules, get_rule
from composer.lint.rule import Finding, LintContext, Rule, Severity
from composer.prompt.spans import Assembled

if TYPE_CHECKING:
    from composer.document.models import Project, Shot

__all__ = ["all_rules", "get_rule", "lint_shot", "lint_text", "lint_project", "MAX_LINT_CHARS", "Severity"]

# A huge paste is linted up to this many characters (rule SL000 says so), so typing never stalls.
MAX_LINT_CHARS = 50_000
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _selected(select: Iterable[str] | None, ignore: Iterable[str] | None, disabled: Iterable[str] = ()) -> list[Rule]:
    rules = all_rules()
    if select:
        keep = {get_rule(x).code for x in select}
        rules = [r for r in rules if r.code in keep]
    drop = {get_rule(x).code for x in (*(ignore or ()), *disabled) if _known(x)}
    return [r for r in rules if r.code not in drop]


def _known(code_or_name: str) -> bool:
    try:
        get_rule(code_or_name)
    except KeyError:
        return False
    return True


def _run(rules: list[Rule], ctx: LintContext) -> list[Finding]:
    english = language.is_english(ctx)
    out: list[Finding] = []
    for rule in rules:
        if rule.check_fn is None or (rule.structured_only and not ctx.structured) or not rule.serves(ctx.family):
            continue
        if rule.reads_english and not english:
            continue  # one SL009 notice says the rules read English, instead of a row of false "missing"s
        out.extend(rule.check_fn(rule, ctx))
    out.sort(key=lambda f: (f.span[0] if f.span else -1, _SEVERITY_ORDER[f.severity], f.code))
    return out


def _capped(text: str) -> str:
    return text[:MAX_LINT_CHARS]


def lint_shot(shot: Shot, project: Project, *, assembled: Assembled | None = None,
              select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
              mode: Mode | None = None, media_root: Path | None = None) -> list[Finding]:
    """Lint one shot as it will be sent: its assembled text plus its structured fields and params.

    Findings are kept by their inputs (``composer.lint.memo``): linting an unchanged shot again is a lookup.
    """
    from composer.prompt.assembly import assemble

    assembled = assembled or assemble(shot, project)
    select = None if select is None else tuple(select)  # read twice: for the key and by the run
    ignore = None if ignore is None else tuple(ignore)
    kept = memo.key(shot, project, assembled, select, ignore, mode, media_root)
    found = memo.get(kept)
    if found is None:
        found = _lint_shot(shot, project, assembled, select, ignore, mode, media_root)
        memo.put(kept, found)
    return found


def _lint_shot(shot: Shot, project: Project, assembled: Assembled, select: Iterable[str] | None,
               ignore: Iterable[str] | None, mode: Mode | None, media_root: Path | None) -> list[Finding]:
    model, size, seconds, _layout = project.effective_render(shot)
    ctx = LintContext(text=_capped(assembled.text), assembled=assembled, model=model, size=size,
                      seconds=seconds, mode=mode or Mode.STRICT, shot=shot, project=project,
                      media_root=media_root, family=guide_family(model), reference=bool(shot.reference_image),
                      cache={"full_length": len(assembled.text)})
    rules = _selected(select, ignore, project.lint_config.disabled)
    suppressed = {get_rule(s.code).code for s in project.lint_config.suppressions
                  if s.shot_id == shot.id and _known(s.code)}
    return [f for f in _run(rules, ctx) if f.code not in suppressed]


def lint_text(text: str, *, model: str | None = None, size: str = "1280x720", seconds: int = 8,
              select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
              mode: Mode | None = None, reference: bool = False) -> list[Finding]:
    """Free-text mode: a pasted prompt with no structured shot; structured-only rules skip.

    ``reference`` says an image goes with the prompt (image-to-video), which some rules need to know.
    """
    if model is None:  # the default model: one that exists (the profiles say which)
        from composer.catalog.loader import default_model

        model = default_model()
    capped = _capped(text)
    ctx = LintContext(text=capped, assembled=Assembled.from_text(capped), model=model, size=size,
                      seconds=seconds, mode=mode or Mode.STRICT, family=guide_family(model),
                      reference=reference, cache={"full_length": len(text)})
    return _run(_selected(select, ignore), ctx)


def lint_project(project: Project, *, mode: Mode | None = None,
                 media_root: Path | None = None) -> dict[str, list[Finding]]:
    """Shot id -> findings for every shot (rules that compare with the project see all of it)."""
    return {s.id: lint_shot(s, project, mode=mode, media_root=media_root) for s in project.shots}


def blocks_submit(findings: Iterable[Finding]) -> bool:
    """Only error-severity findings block a render."""
    return any(f.severity is Severity.ERROR for f in findings)
