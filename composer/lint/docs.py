"""Generate docs/rules.md from the rule records themselves, so the docs cannot drift from the code.

Run ``python -m composer.lint.docs --write docs/rules.md``; a test compares the committed file with this output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from composer.lint.registry import all_rules
from composer.lint.rule import EVERY_FAMILY, GUIDE_FAMILIES, FixKind, Rule, Severity

_HEADER = """# Lint rules

Generated from the rule records in `composer/lint/rules/` by `python -m composer.lint.docs --write docs/rules.md`;
do not edit by hand. Each rule cites the prompting guide it comes from: the Sora 2 guides (`shared/seeds/`) or a
vendor's own guide (`shared/reference/models-2026.md` says where).

**Families.** Each rule serves the prompting-guide families it lists (sora, veo, runway, seedance, kling, wan, ltx,
luma, minimax); the model's name picks the family (`slate lint --model veo-3.1`, a shot's render model). "every
family" rules always run. For a model whose family is unknown, only every-family rules and the rules marked *runs
for unknown models* run. **Fix kind** says whether findings carry an edit the app can apply: *manual* (advice),
*sometimes* (when a safe value can be computed), *always*.

Severities: **error** — the API would reject the request or policy forbids it (blocks a render, exit 1 in
`slate lint`); **warning** — against the guides; **info** — a suggestion. Disable a rule for a project by code or
name (`lint_config.disabled`), or suppress it for one shot with a reason (`lint_config.suppressions`).

Render sizes, seconds, references, characters and extensions (SL051–SL055) are checked against the model's profile in
`resources/models/` (one file per family; every figure cites its source and the date read). A retired model is an
error naming its successor (SL057); a model no profile knows is a warning (SL058) and its request goes out as set.
Where sources disagree, a profile lists the wider claims separately (`docs_durations`, `docs_sizes`: for Sora 2,
16/20 s and 1080p on pro): **strict** mode (default) accepts only the contract, **docs** mode also the claims.

| code | name | severity | families | summary |
|---|---|---|---|---|
"""


def _families(r: Rule) -> str:
    if EVERY_FAMILY in r.families:
        return EVERY_FAMILY
    missing = [f for f in GUIDE_FAMILIES if f not in r.families]
    named = "all but " + ", ".join(missing) if len(missing) <= 2 else ", ".join(r.families)
    return named + (" (+ unknown models)" if r.unknown_family else "")


def _row(r: Rule) -> str:
    return f"| [{r.code}](#{r.doc_anchor}) | `{r.name}` | {r.severity} | {_families(r)} | {r.summary} |"


def _fence(text: str) -> str:
    return "```text\n" + text.strip() + "\n```"


def _section(r: Rule) -> str:
    auto = {FixKind.MANUAL: "", FixKind.SOMETIMES: " An automatic fix (an edit you can apply) is offered where it "
                                                   "is safe.",
            FixKind.ALWAYS: " Every finding offers an automatic fix (an edit you can apply)."}[r.fix_kind]
    families = f"**Families:** {_families(r)}" + (f" — {r.families_why}" if r.families_why else "") + "."
    parts = [
        f'<a id="{r.doc_anchor}"></a>',
        f"## {r.code} {r.name}",
        "",
        f"**Severity:** {r.severity}{' — blocks a render' if r.severity is Severity.ERROR else ''}. "
        f"**Applies to:** {'structured shots only' if r.structured_only else 'shots and pasted prompts'}"
        f"{'' if r.reads_english else ', in any language'}. **Fix kind:** {r.fix_kind}.",
        "",
        families,
        "",
        r.summary,
        "",
        f"**Why.** {r.why}",
        "",
        f"*Source:* {r.source}",
        "",
        "**Bad**",
        "",
        _fence(r.bad),
        "",
        "**Good**",
        "",
        _fence(r.good),
        "",
        f"**Fix.** {r.fix_title}{auto}",
    ]
    if r.vocab:
        parts += ["", "*Vocabulary:* " + ", ".join(f"`resources/vocab/{v}.txt`" for v in r.vocab)]
    return "\n".join(parts)


def render() -> str:
    rules = all_rules()
    return _HEADER + "\n".join(_row(r) for r in rules) + "\n\n" + "\n\n".join(_section(r) for r in rules) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", type=Path, help="write to this file instead of stdout")
    args = ap.parse_args(argv)
    text = render()
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
