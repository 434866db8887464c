"""Sound and dialogue: a rhythmic sound bed, named speakers in a dialogue block, lines that fit the clip."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import shape
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity
from composer.lint.rules.structure import G000, G003
from composer.prompt.speech import dialogue_seconds

NO_SOUND = register(Rule(
    code="SL030", name="no-sound", severity=Severity.INFO,
    summary="No background or rhythmic sound is described.",
    why="\"Even for quiet scenes specify at least one rhythmic sound — «distant traffic hiss», «a crisp snap», "
        "«faint mechanical hum» — otherwise the model will invent the background on its own.\"",
    source=f"{G000} §Sound, dialogue, and palette",
    bad="A lighthouse keeper climbs the spiral stairs.",
    good="A lighthouse keeper climbs the spiral stairs. Background Sound: wind against the glass, boots on iron steps.",
    fix_title="Add at least one background or rhythmic sound (distant traffic hiss, ticking clock).",
    scope=(fields.SOUND,), vocab=("sound_terms", "sound_context"),
    families=("sora", "veo"),
    families_why="Sora and Veo generate audio and their guides ask for the sound bed; silent models (Runway Gen-4, "
                 "Luma Ray 2, Wan 2.2) would be nagged, so it does not run for unknown models"
))


_SOUND_KEY = rx.compile(r"(?i)sound|audio|music|sfx|\bsnd\b|ambien|dialog|voice|narrat|foley")


@NO_SOUND.check
def no_sound(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and ctx.shot.sound.strip():
        return
    if not ctx.text.strip() or has_sound(ctx):
        return
    yield rule.finding(ctx, "no background or rhythmic sound: the model will invent one",
                       field=fields.SOUND if ctx.structured else None)


def has_sound(ctx: LintContext) -> bool:
    """Sound is described: a word that only means sound, a sound label or phrase, or a JSON sound field."""
    sh = shape.shape(ctx)
    if any(_SOUND_KEY.search(ctx.text[s:e]) for s, e in sh.headers) or any(_SOUND_KEY.search(f.key) for f in sh.fields):
        return True  # "Background Sound:", "[SND]", "Audio:" label a sound section
    return t.has(t.vocab("sound_terms"), ctx) or t.has(t.vocab("sound_context"), ctx, structure=True)


UNNAMED_DIALOGUE = register(Rule(
    code="SL031", name="unnamed-dialogue", severity=Severity.WARNING,
    summary="Spoken lines without a named speaker, or dialogue inline in prose.",
    why="\"«She says \"hello there\"» works worse than a block dialogue with an explicit speaker and emotion: "
        "«Woman (warmly): \"Hello there.\"». For multiple characters state clearly who is speaking.\"",
    source=f"{G000} §Common mistakes 4",
    bad="She says \"hello there\" and waves.",
    good="Dialogue:\n- Woman (warmly): \"Hello there.\"",
    fix_title="Move the line to the Dialogue block as Speaker (emotion): \"line\".",
    scope=(fields.DIALOGUE,), vocab=("speech_verbs",),
    families=("sora", "kling", "seedance", "ltx"), unknown_family=True,
    families_why="Naming who speaks is generic for audio models, so it runs for unknown models; Veo's guide writes "
                 "speech inline (He says: \"...\") and has its own quoting rule (SL071)"
))


# "Detective (low voice):" / "- Robot:" / "Mina:" just before a quote names its speaker. Labels that name a
# section ("[DIALOGUE]:", "Audio:") or a language ("says in Korean:") name nobody.
_LABEL = rx.compile(r"(?:^|[\n•*]|[.!?]\s|-\s|\]:\s*)[ \t]*[\[(]?(?P<name>[A-Za-z][\w.'’ -]{0,40}?)[\])]?"
                    r"(?:[ \t]*\([^)\n]{0,60}\))?[ \t]*:[ \t]*$", re.MULTILINE)
_NOT_A_SPEAKER = rx.compile(r"(?i)^(?:dialogue|dialog|dialogues|line|lines|audio|sound|snd|sfx|text|title|caption|"
                            r"quote|says|speech|lyrics|prompt|output|camera|subject|dir|fx|edit|vo)$|"
                            r"^(?:shot|scene|clip|cut|panel|beat|step|part)\s*#?\d*$|"
                            r"\b(?:in|says|said|asks|replies|answers|whispers|adds)\b|"
                            r"\b(?:english|spanish|french|german|italian|portuguese|korean|japanese|chinese|mandarin|"
                            r"cantonese|hindi|arabic|russian|turkish|dutch|swedish|polish|thai|vietnamese|greek)$")


_YAML_KEY = rx.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]*$|^(?:lens|movement|framing|title|summary|prompt|source|author|"
                       r"created|style|camera|audio|audio_notes|tags|category|mood|lighting)$")


def quotes(ctx: LintContext) -> list[tuple[re.Match[str], bool, bool]]:
    """Every quoted string as (match, has a named speaker label, is speech); computed once per run.

    Quotes use ``text.QUOTED``, so an apostrophe inside 'a single-quoted line' neither opens nor closes one.
    """
    cached = ctx.cache.get("quotes")
    if cached is None:
        found: list[tuple[re.Match[str], bool, bool]] = []
        if shape.shape(ctx).kind != "json":
            for m in t.quotes_in(ctx):
                # A speaker label is short: look in the 80 characters before the quote, not the whole line.
                line_start = max(ctx.text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
                label = _LABEL.search(ctx.text, line_start, m.start())
                if label is not None and _YAML_KEY.match(label.group("name").strip()) and label.start() == line_start:
                    continue  # 'lens: "24mm"' in a YAML-like prompt is a value, not a line of dialogue
                named = label is not None and not _NOT_A_SPEAKER.search(label.group("name").strip())
                labelled_speech = label is not None and re.search(r"(?i)dialog|voice|^vo$",
                                                                  label.group("name").strip()) is not None
                found.append((m, named, named or labelled_speech or _spoken(ctx, m)))
        cached = ctx.cache["quotes"] = found
    return cached  # type: ignore[return-value]


def _spoken(ctx: LintContext, m: re.Match[str]) -> bool:
    """A quote is speech when a speech verb stands right before it (in its clause) or right after it."""
    verbs = t.vocab("speech_verbs")
    before = re.split(r"[.!?\n]", ctx.text[max(0, m.start() - 60):m.start()])[-1]
    after = ctx.text[m.end():m.end() + 30]
    return bool(verbs.search(before) or re.match(r"[\s,]*(?:\w+\s+){0,2}?" + verbs.pattern, after, re.IGNORECASE))


def _json_lines(ctx: LintContext) -> list[tuple[shape.Field, bool]]:
    """Dialogue values of a JSON prompt, each with whether a speaker/character field names who says it."""
    sh = shape.shape(ctx)
    lines = [f for f in sh.fields if re.search(r"(?i)^(?:line|lines|dialogue|dialog|speech|says|quote)$", f.key)]
    named = any(re.search(r"(?i)speaker|character|who|name", f.key) for f in sh.fields)
    return [(f, named) for f in lines if ctx.text[f.value_span[0]:f.value_span[1]].strip()]


@UNNAMED_DIALOGUE.check
def unnamed_dialogue(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None:
        for i, d in enumerate(ctx.shot.dialogue):
            if d.line.strip() and not d.speaker.strip():
                yield rule.finding(ctx, "this line has no speaker: name who says it",
                                   field=fields.dialogue(i, "line"))
    for m, named, spoken in quotes(ctx):
        if spoken and not named and not t.is_negated(ctx, m.start()):
            yield rule.finding(ctx, "spoken line without a named speaker label; put it in a Dialogue block as "
                                    "Speaker (emotion): \"line\"", span=m.span())
    for f, named in _json_lines(ctx):
        if not named:
            yield rule.finding(ctx, "this dialogue line has no speaker field: name who says it", span=f.value_span)


def _dialogue_lines(ctx: LintContext) -> list[str]:
    if ctx.shot is not None:
        return [d.line for d in ctx.shot.dialogue if d.line.strip()]
    lines = [next(g for g in m.groups() if g is not None) for m, named, spoken in quotes(ctx) if named or spoken]
    return lines + [ctx.text[f.value_span[0]:f.value_span[1]] for f, _named in _json_lines(ctx)]


DIALOGUE_TOO_LONG = register(Rule(
    code="SL032", name="dialogue-too-long", severity=Severity.WARNING,
    summary="More dialogue than the clip can hold.",
    why="\"To ensure consistency, have at most one or two lines in a 4s clip, or use an 8s clip for a fuller "
        "dialogue exchange.\"",
    source=f"{G003} §Animation consistency (Inconsistent lip-sync)",
    bad="Alice: \"We should leave now, it's dangerous, the storm is coming and the bridge will flood.\" "
        "Bob: \"I agree, let's go before it gets dark and we lose the trail.\" (4 s)",
    good="Alice: \"We should go.\" Bob: \"Now.\" (4 s)",
    fix_title="Shorten the lines, split them across shots, or make the clip longer.",
    scope=(fields.DIALOGUE,),
    families=(EVERY_FAMILY,)
))


@DIALOGUE_TOO_LONG.check
def dialogue_too_long(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    lines = _dialogue_lines(ctx)
    if not lines:
        return
    conf = t.thresholds()["dialogue"]
    max_lines = max(1, round(ctx.seconds / 4 * float(conf["lines_per_4s"])))  # type: ignore[arg-type]
    budget = ctx.seconds * float(conf["max_fraction_of_clip"])  # type: ignore[arg-type]
    spoken = dialogue_seconds(lines)
    field = fields.DIALOGUE if ctx.structured else None
    if spoken > budget:
        yield rule.finding(ctx, f"the dialogue takes about {spoken:.1f} s to say; a {ctx.seconds}-second clip holds "
                                f"about {budget:.1f} s", field=field)
    elif len(lines) > max_lines:
        yield rule.finding(ctx, f"{len(lines)} lines in a {ctx.seconds}-second clip; it holds about {max_lines}",
                           field=field)
    else:
        yield from _per_shot(rule, ctx, float(conf["max_fraction_of_clip"]))  # type: ignore[arg-type]


def _per_shot(rule: Rule, ctx: LintContext, fraction: float) -> Iterator[Finding]:
    """A timed shot whose own lines take longer to say than the shot lasts ("[0-2s] ... says: a long line")."""
    spoken = [(m, next(g for g in m.groups() if g is not None)) for m, named, is_speech in quotes(ctx)
              if named or is_speech]
    for number, seg in enumerate(shape.shape(ctx).segments, 1):
        if seg.time is None or seg.time[1] is None or seg.time[1] <= seg.time[0]:
            continue
        lines = [line for m, line in spoken if seg.start <= m.start() < seg.end]
        length = seg.time[1] - seg.time[0]
        if lines and (took := dialogue_seconds(lines)) > length * fraction + 0.5:
            yield rule.finding(ctx, f"shot {number} lasts {length:g} s but its lines take about {took:.1f} s to say",
                               span=seg.marker)
