"""Prompt structure: style first, framing, one camera move, shots per duration, timecodes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from composer import resources
from composer.document import fields
from composer.lint import camera, shape
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import (
    EVERY_FAMILY,
    FieldEdit,
    Finding,
    Fix,
    FixKind,
    FixOption,
    LintContext,
    Rule,
    Severity,
    all_but,
)

if TYPE_CHECKING:
    from composer.document.models import Beat
from composer.lint.scan import Led

G000 = "seeds/000 (Sora 2: how to write prompts the model actually understands)"
G002 = "seeds/002 (Sora 2 prompting guide summary)"
G003 = "seeds/003 (Sora 2 Prompt Engineering: The Advanced Reference Guide)"

STYLE_NOT_FIRST = register(Rule(
    code="SL001", name="style-not-first", severity=Severity.WARNING,
    summary="The prompt does not open by establishing style, format or medium.",
    why="\"The main rule — style goes first. It is the most powerful control lever: the same details look "
        "radically different under «Hollywood drama», «handheld smartphone clip», or «grainy vintage commercial».\"",
    source=f"{G000} §Prompt structure",
    bad="a person walking down a street at night",
    good="Cinematic neo-noir style, shot on 35mm film with subtle halation. A woman in a black trench coat walks "
         "down a rain-soaked street.",
    fix_title="Open with a style line: era, film stock or medium, genre look (set the project's style spine).",
    scope=(fields.STYLE,), vocab=("style_terms",),
    families=("sora",),
    families_why="Style first is the Sora guides' main rule; Veo's, Kling's and Wan's guides open with the subject and"
                 " action, so it does not run for other or unknown models"
))


@STYLE_NOT_FIRST.check
def style_not_first(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.structured:
        from composer.prompt.assembly import style_line  # structured mode only: keeps pasted-text lint light

        assert ctx.shot is not None and ctx.project is not None
        line = style_line(ctx.shot, ctx.project)
        if not line:
            yield rule.finding(ctx, "no style line: the shot opens without a style, format or medium",
                               field=fields.STYLE)
            return
        start, end = 0, len(line)
    else:
        if not ctx.text.strip() or shape.style_keyed(ctx):
            return
        start, end = _first_words(ctx.text, *shape.shape(ctx).opening)
        # A label on the opening's own line is part of it: "Live-Action Anime Adaptation: ...", "[Style] ...".
        line_start = ctx.text.rfind("\n", 0, start) + 1
        start = line_start if ctx.text[line_start:start].strip() else start
    if end > start and not t.has(t.vocab("style_terms"), ctx, allow_negated=True, start=start, end=end):
        yield rule.finding(ctx, "the opening does not establish a style (era, film stock, medium, format or genre "
                                "look)", span=(start, end), field=fields.STYLE if ctx.structured else None)


def _first_words(text: str, start: int, end: int, limit: int = 12) -> tuple[int, int]:
    """The opening sentence, cut to its first ``limit`` words: a style named at the end of a long first
    sentence does not come first."""
    count, pos = 0, start
    for m in re.finditer(r"\S+", text[start:end]):
        count += 1
        pos = start + m.end()
        if count == limit:
            break
    return start, pos if count else end


NO_FRAMING = register(Rule(
    code="SL002", name="no-framing", severity=Severity.WARNING,
    summary="No shot size or framing is given.",
    why="\"Then comes a concrete subject ..., concrete action with verbs ..., and always a shot size plus camera "
        "movement.\"",
    source=f"{G000} §Prompt structure",
    bad="A cyclist pedals three times, brakes, and stops at the crosswalk.",
    good="Wide shot, tracking left to right: a cyclist pedals three times, brakes, and stops at the crosswalk.",
    fix_title="Name a shot size: wide, medium, medium close-up, close-up, over-the-shoulder…",
    scope=(fields.CAMERA_FRAMING,), vocab=("framing_terms",),
    families=all_but("runway"), unknown_family=True,
    families_why="Every text-to-video guide asks for a shot size, so it runs for unknown models too; with Runway the "
                 "input image sets the framing", fix_kind=FixKind.SOMETIMES,
))

# The shot sizes the Fix button offers for SL002 (a choice only the writer can make; the edit is then exact).
_FRAMING_CHOICES = ("wide shot", "medium wide shot", "medium shot", "medium close-up", "close-up",
                    "extreme close-up", "over-the-shoulder shot", "establishing shot")
# SL003's answers: hold the camera still (the one choice that adds no motion), or one of the common single moves.
_MOVE_CHOICES = ("static on tripod", "slow push-in", "pull-back", "dolly left", "pan right", "tilt up",
                 "handheld follow", "slow 360-degree orbit")


def _options(field: str, labels: tuple[str, ...], vocab: str) -> tuple[FixOption, ...]:
    known = set(resources.word_list(vocab))
    return tuple(FixOption(label, (FieldEdit(fields.FieldPath(field), label),)) for label in labels if label in known)


@NO_FRAMING.check
def no_framing(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and ctx.shot.camera.framing.strip():
        return
    if not ctx.text.strip():
        return
    if not camera.framed(ctx):
        fix = Fix("Set the framing (pick a shot size)",
                  options=_options(fields.CAMERA_FRAMING, _FRAMING_CHOICES, "framings")) if ctx.structured else None
        yield rule.finding(ctx, "no shot size or framing (wide, medium, close-up, over-the-shoulder, …)",
                           field=fields.CAMERA_FRAMING if ctx.structured else None, fix=fix)
        return
    for shot in camera.unframed_shots(ctx):
        seg = shot.segment
        label = " ".join(ctx.text[seg.marker[0]:seg.marker[1]].split()) if seg.marker else f"shot {shot.number}"
        yield rule.finding(ctx, f"shot {shot.number} ({label}) has no shot size or framing of its own",
                           span=(seg.start, _line_end(ctx.text, seg.start, seg.end)))


def _line_end(text: str, start: int, end: int) -> int:
    """A shot's span for the preview: its first line (a whole shot is often many lines)."""
    nl = text.find("\n", start, end)
    first = nl if nl > start + 12 else end
    return min(first, end) if text[start:first].strip() else end


NO_CAMERA_MOVEMENT = register(Rule(
    code="SL003", name="no-camera-movement", severity=Severity.INFO,
    summary="Neither a camera movement nor an explicit static camera is given.",
    why="\"To achieve clear motion, prompts should be simple, with one clear camera move and one clear subject "
        "action per shot.\"",
    source=f"{G002} §Core Elements of Control",
    bad="Medium close-up of a potter shaping clay at a wheel.",
    good="Medium close-up, slow push-in on a potter shaping clay at a wheel.",
    fix_title="Add one camera move (slow push-in, pan left, orbit…) or say the camera is static / locked-off.",
    scope=(fields.CAMERA_MOVEMENT,), vocab=("camera_move_groups", "camera_static"),
    families=(EVERY_FAMILY,), fix_kind=FixKind.SOMETIMES,
))


@NO_CAMERA_MOVEMENT.check
def no_camera_movement(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and ctx.shot.camera.movement.strip():
        return
    if not ctx.text.strip() or camera.camera_decided(ctx):
        return
    fix = None
    if ctx.structured:  # "set the camera to static" is the deterministic answer; a move is the writer's choice
        fix = Fix("Set the camera to static (on a tripod)", fields.CAMERA_MOVEMENT, _MOVE_CHOICES[0],
                  options=_options(fields.CAMERA_MOVEMENT, _MOVE_CHOICES, "camera_moves"))
    yield rule.finding(ctx, "no camera movement and no explicit static camera",
                       field=fields.CAMERA_MOVEMENT if ctx.structured else None, fix=fix)


MULTIPLE_CAMERA_MOVES = register(Rule(
    code="SL004", name="multiple-camera-moves", severity=Severity.WARNING,
    summary="More than one distinct camera move in one shot.",
    why="\"Motion and Timing: To achieve clear motion, prompts should be simple, with one clear camera move and one "
        "clear subject action per shot.\"",
    source=f"{G002} §Core Elements of Control",
    bad="Wide shot, the camera pans left, then tilts up and zooms in on the tower.",
    good="Wide shot, the camera slowly tilts up to the top of the tower.",
    fix_title="Keep one camera move per shot; move the others to their own shots.",
    scope=(fields.CAMERA_MOVEMENT,), vocab=("camera_move_groups",),
    families=all_but("minimax"), unknown_family=True,
    families_why="One camera move per shot is common advice (Sora, Runway), so it runs for unknown models; MiniMax's "
                 "guide combines moves in one bracket command", fix_kind=FixKind.SOMETIMES,
))

_JOINERS = re.compile(r"(?i)(?:[\s,;:.\-–—]|\b(?:then|and|before|after|while|into|as|with|followed by)\b)+$")


def _keep_first_move(ctx: LintContext, second: int) -> Fix | None:
    """When both moves are written in the shot's Movement field, the fix keeps the text before the second one."""
    if ctx.shot is None or ctx.field_at(second) != fields.CAMERA_MOVEMENT:
        return None
    spans = ctx.assembled.spans_for(str(fields.CAMERA_MOVEMENT))
    if not spans:
        return None
    value = ctx.shot.camera.movement
    offset = second - spans[0].start
    if not 0 < offset <= len(value) or ctx.text[spans[0].start:spans[0].end] != value:
        return None
    kept = _JOINERS.sub("", value[:offset]).strip()
    return Fix(f"Keep one move: '{kept}' (give the other its own shot)", fields.CAMERA_MOVEMENT, kept) if kept \
        else None


@MULTIPLE_CAMERA_MOVES.check
def multiple_camera_moves(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for seg in shape.shape(ctx).segments:
        kinds: list[str] = []
        for canon, m in camera.moves_in(ctx, seg.start, seg.end):
            if canon in kinds or canon == "move":
                continue  # one move said twice ("tracking shot ... follows behind") is still one move
            kinds.append(canon)
            if len(kinds) == 2:
                yield rule.finding(ctx, f"'{m.group(0)}' is a second camera move in this shot "
                                        f"(already: {kinds[0]}); keep one move per shot", span=m.span(),
                                   fix=_keep_first_move(ctx, m.start()))


TOO_MANY_SHOTS = register(Rule(
    code="SL005", name="too-many-shots", severity=Severity.WARNING,
    summary="More shots or cuts than the clip's duration carries.",
    why="\"As a rule of thumb, a 4-second video is best for a single focused shot or two very short shots; an "
        "8-second video might accommodate 2–3 shots; 12 seconds maybe up to 4–5 shots.\"",
    source=f"{G003} §Frame Control Techniques (Shot Length and Number of Shots)",
    bad="Shot 1: wide on the lobby. Shot 2: cut to the hallway. Shot 3: close-up on the button. (4 s)",
    good="Shot 1: wide on the lobby. Shot 2: close-up on the elevator button. (8 s)",
    fix_title="Cut the shot list down, or make the clip longer, or split it into separate clips.",
    scope=(fields.BEATS,),
    families=all_but("kling"), unknown_family=True,
    families_why="Shots per second of clip is generic pacing, so it runs for unknown models; Kling 3 multi-shot takes "
                 "up to 6 shots in 15 s by design"
))


def shot_count(ctx: LintContext) -> int:
    return camera.shot_count(ctx)


@TOO_MANY_SHOTS.check
def too_many_shots(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    n, limit = shot_count(ctx), t.per_seconds("max_shots", ctx.seconds)
    if n > limit:
        yield rule.finding(ctx, f"{n} shots in a {ctx.seconds}-second clip; it carries about {limit}")


TIMECODE_RANGE = register(Rule(
    code="SL006", name="timecode-range", severity=Severity.ERROR,
    summary="Timecoded beats overlap, run backwards, or run past the end of the clip.",
    why="\"For longer clips add a second-by-second layout: «0.00-2.40 — Arrival Drift (32mm, slow dolly left)» — "
        "the model anchors actions to timecodes.\"",
    source=f"{G000} §Template with Cinematography and Actions blocks",
    bad="0.00-3.00 — she enters.\n2.50-9.00 — she sits. (8 s)",
    good="0.00-2.40 — she enters.\n2.40-8.00 — she sits. (8 s)",
    fix_title="Make each beat start where the previous ends, end after it starts, and stay within the clip.",
    scope=(fields.BEATS,),
    families=(EVERY_FAMILY,), reads_english=False, fix_kind=FixKind.SOMETIMES,
))


def retimed(beats: list[Beat], seconds: float) -> list[Beat] | None:
    """The beats' times made valid for a ``seconds``-long clip, in their order: each starts where the previous ends
    (or later, as written), keeps its written end where that is after its start, and none runs past the end — a
    timeline that cannot fit is scaled into the clip. None when there is nothing to fix (no timed beat)."""
    timed = [i for i, b in enumerate(beats) if b.start is not None or b.end is not None]
    if not timed:
        return None
    spans, cursor = [], 0.0
    for i in timed:
        b = beats[i]
        written = b.start if b.start is not None else cursor
        end = b.end if b.end is not None else float(seconds)
        start = max(written, cursor)
        if end <= start:  # ran backwards, or was pushed past its end: keep its written length
            end = start + (abs(end - written) or 1.0)
        spans.append((start, end))
        cursor = end
    if all(start <= seconds - 0.5 for start, _end in spans):
        spans = [(start, min(end, seconds)) for start, end in spans]  # the last beat ends with the clip
    else:
        scale = seconds / cursor
        spans = [(start * scale, end * scale) for start, end in spans]
    out = [b.model_copy() for b in beats]
    for i, (start, end) in zip(timed, spans, strict=True):
        out[i].start, out[i].end = round(start, 2), round(min(end, seconds), 2)
    return out


def _retime_fix(ctx: LintContext) -> Fix | None:
    if ctx.shot is None:
        return None
    beats = retimed(ctx.shot.beats, float(ctx.seconds))
    if beats is None or beats == ctx.shot.beats:
        return None
    times = ", ".join(f"{b.start:.2f}-{b.end:.2f}" for b in beats if b.start is not None)
    return Fix(f"Retime the beats to fit the {ctx.seconds}-second clip: {times}", fields.BEATS, beats)


@TIMECODE_RANGE.check
def timecode_range(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    ranges: list[tuple[float, float, tuple[int, int] | None, str | None]] = []
    if ctx.shot is not None:
        for i, b in enumerate(ctx.shot.beats):
            if b.start is not None or b.end is not None:
                start = b.start if b.start is not None else (ranges[-1][1] if ranges else 0.0)
                end = b.end if b.end is not None else float(ctx.seconds)
                ranges.append((start, end, None, f"beats[{i}].time"))
    else:
        for seg in shape.shape(ctx).segments:
            if seg.time is not None and seg.time[1] is not None and seg.marker is not None:
                ranges.append((seg.time[0], seg.time[1], seg.marker, None))
    prev_end = None
    fix = _retime_fix(ctx) if ranges else None
    for start, end, span, path in ranges:
        where = f"{start:.2f}-{end:.2f}"
        if end <= start:
            yield rule.finding(ctx, f"beat {where} ends before it starts", span=span, field=path, fix=fix)
        elif prev_end is not None and start < prev_end - 1e-6:
            yield rule.finding(ctx, f"beat {where} overlaps the previous beat (which ends at {prev_end:.2f})",
                               span=span, field=path, fix=fix)
        if end > ctx.seconds + 1e-6:
            yield rule.finding(ctx, f"beat {where} runs past the end of the {ctx.seconds}-second clip",
                               span=span, field=path, fix=fix)
        prev_end = end


CONTRADICTORY = register(Rule(
    code="SL007", name="contradictory-instructions", severity=Severity.WARNING,
    summary="The prompt contradicts itself: one continuous take that also cuts, or a static camera that also moves.",
    why="\"Double-check that you're not asking for something contradictory (e.g. «the man stands alone» and later "
        "«crowd surrounds him» in the same continuous shot – this might confuse the model's latent scene "
        "composition).\" A camera told to hold still and to move, or a single take with cuts, has no answer.",
    source=f"{G003} §Animation consistency (Morphing or duplicating objects)",
    bad="One continuous take, no cuts: she crosses the square. Cut to a close-up of her hand.",
    good="One continuous take: she crosses the square and the camera pushes in on her hand.",
    fix_title="Pick one: a single take (drop the cuts) or a shot list (drop 'continuous'); a static camera or one "
              "move.",
    scope=(fields.CAMERA_MOVEMENT, fields.BEATS), vocab=("camera_static", "camera_move_groups"),
    families=(EVERY_FAMILY,),
))

_ONE_TAKE = Led(r"\b(?:continuous|uninterrupted|unbroken)[,\s]+(?:[\w-]+[,\s]+){0,2}(?:take|shot|oner)\b"
                r"|\bno cuts\b|\bwithout (?:any )?cuts\b|\b(?:one|single)[ \t-]+take\b|\boner\b",
                ("continuous", "uninterrupted", "unbroken", "no cuts", "without", "one", "single"))  # lowercased text


@CONTRADICTORY.check
def contradictory(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    sh = shape.shape(ctx)
    low = t.lowered(ctx)
    found = _ONE_TAKE.search(low, low)
    claim = t.Hit(ctx.text, found.start(), found.end()) if found else None
    if claim:
        cuts = [s for s in sh.segments if s.cut and s.marker and s.marker[0] > claim.end()
                and not t.is_negated(ctx, s.marker[0])]
        if cuts:
            cut = cuts[0].marker
            assert cut is not None
            yield rule.finding(ctx, f"'{claim.group(0)}' promises one unbroken take, but "
                                    f"'{ctx.text[cut[0]:cut[1]].strip()}' cuts", span=cut)
    for seg in sh.segments:
        still = camera.static_in(ctx, seg.start, seg.end)
        moving = camera.moves_in(ctx, seg.start, seg.end)
        if still and moving:
            m = moving[0][1]
            yield rule.finding(ctx, f"'{still[0].group(0)}' holds the camera still, but '{m.group(0)}' moves it in "
                                    "the same shot", span=m.span())
