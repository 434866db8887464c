"""Render parameters: never in the prose; size, seconds, reference image, characters and extensions valid."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from composer.catalog import capabilities
from composer.document import fields
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, Fix, FixKind, LintContext, Rule, Severity
from composer.lint.rules.structure import G000, G002

if TYPE_CHECKING:
    from composer.document.models import Take

API_PARAMS_IN_TEXT = register(Rule(
    code="SL050", name="api-params-in-text", severity=Severity.WARNING,
    summary="Duration, resolution, aspect ratio or frame rate written in the prompt.",
    why="\"«Make this an 8-second 1080p video» — the model does not read those parameters from text. Duration "
        "(seconds), size, and characters are set through API parameters only. In the prompt they become noise and "
        "can conflict with the actual settings.\"",
    source=f"{G000} §Common mistakes 1",
    bad="Make this an 8-second 1080p video of a lighthouse at dawn.",
    good="A lighthouse at dawn, waves breaking on the rocks below.",
    fix_title="Remove it from the text and set it in Render settings (model, size, seconds).",
    scope=(fields.SUBJECT, fields.SCENE, fields.STYLE), vocab=("api_params",),
    families=(EVERY_FAMILY,), fix_kind=FixKind.SOMETIMES
))


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;])\s*(?=[,.;])", "", text)
    text = re.sub(r"\b([Aa])n(\s+[^aeiouAEIOU\s])", r"\1\2", text)  # "an video" -> "a video"
    text = re.sub(r"\b([Aa])(\s+[aeiouAEIOU])", r"\1n\2", text)  # "a 8" stays; "a aerial" -> "an aerial"
    return text.strip(" ,;")


def strip_params(value: str) -> str:
    """The field text without duration/resolution/aspect/fps mentions: a safe automatic fix."""
    return _tidy(t.vocab("api_params").sub("", value))


@API_PARAMS_IN_TEXT.check
def api_params_in_text(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.find(t.vocab("api_params"), ctx):
        field = ctx.field_at(m.start())
        fix = Fix(rule.fix_title)
        if ctx.shot is not None and field is not None:
            try:
                value = fields.get_value(ctx.shot, field)
            except KeyError:
                value = None
            if isinstance(value, str) and t.vocab("api_params").search(value):
                fix = Fix("Remove it from the text (set it in Render settings)", field, strip_params(value))
        yield rule.finding(ctx, f"'{m.group(0).strip()}' is a render parameter; the model ignores it in the text",
                           span=m.span(), field=field, fix=fix)


def _nearest_size(size: str, sizes: tuple[str, ...]) -> str | None:
    try:
        w, h = (int(x) for x in size.split("x"))
    except ValueError:
        return sizes[0] if sizes else None
    same = [s for s in sizes if (int(s.split("x")[0]) >= int(s.split("x")[1])) == (w >= h)] or list(sizes)
    return min(same, key=lambda s: abs(int(s.split("x")[0]) * int(s.split("x")[1]) - w * h), default=None)


INVALID_SIZE = register(Rule(
    code="SL051", name="invalid-size-for-model", severity=Severity.ERROR,
    summary="The render size is not offered by the chosen model.",
    why="\"size: The video's resolution as a {width}x{height} string. sora-2: 1280x720, 720x1280\" — the Pro tier "
        "adds 1024x1792 and 1792x1024.",
    source=f"{G002} §Technical Parameters and Constraints; resources/capabilities.toml",
    bad="model sora-2, size 1792x1024",
    good="model sora-2-pro, size 1792x1024",
    fix_title="Pick a size the model offers (or switch to a model that offers this size).",
    scope=(fields.RENDER_SIZE,),
    families=("sora",), unknown_family=True, fix_kind=FixKind.SOMETIMES, reads_english=False,
    families_why="resources/capabilities.toml knows only Sora's sizes (model profiles replace it, issue 15); for an "
                 "unknown model it reports the unknown name, for another family it stays silent"
))


@INVALID_SIZE.check
def invalid_size(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    caps = capabilities.model(ctx.model, ctx.mode)
    if caps is None:
        yield rule.finding(ctx, f"unknown model '{ctx.model}'; known: {', '.join(capabilities.model_names())}",
                           field=fields.RENDER_MODEL)
        return
    if ctx.size not in caps.sizes:
        best = _nearest_size(ctx.size, caps.sizes)
        yield rule.finding(ctx, f"{ctx.model} does not offer {ctx.size} ({ctx.mode} mode); it offers "
                                f"{', '.join(caps.sizes)}", field=fields.RENDER_SIZE,
                           fix=Fix(f"Use {best}", fields.RENDER_SIZE, best) if best else None)


INVALID_SECONDS = register(Rule(
    code="SL052", name="invalid-seconds", severity=Severity.ERROR,
    summary="The clip length is not offered by the chosen model.",
    why="\"seconds: The desired length of the video clip. The default value is «4». Supported: «4», «8», «12»\"",
    source=f"{G002} §Technical Parameters and Constraints; resources/capabilities.toml",
    bad="model sora-2, 10 seconds",
    good="model sora-2, 8 seconds",
    fix_title="Pick a length the model offers.",
    scope=(fields.RENDER_SECONDS,),
    families=("sora",), fix_kind=FixKind.ALWAYS, reads_english=False,
    families_why="resources/capabilities.toml knows only Sora's durations (model profiles replace it, issue 15)"
))


@INVALID_SECONDS.check
def invalid_seconds(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    caps = capabilities.model(ctx.model, ctx.mode)
    if caps is None or ctx.seconds in caps.seconds:
        return
    best = min(caps.seconds, key=lambda s: (abs(s - ctx.seconds), s))
    yield rule.finding(ctx, f"{ctx.model} does not offer {ctx.seconds} s ({ctx.mode} mode); it offers "
                            f"{', '.join(map(str, caps.seconds))} s", field=fields.RENDER_SECONDS,
                       fix=Fix(f"Use {best} seconds", fields.RENDER_SECONDS, best))


REFERENCE_MISMATCH = register(Rule(
    code="SL053", name="reference-mismatch", severity=Severity.ERROR,
    summary="The reference image is not JPEG/PNG/WebP, cannot be read, or its size differs from the render size.",
    why="\"Requirements: The input image must match the target video's resolution (size). Supported Formats: "
        "image/jpeg, image/png, image/webp.\"",
    source=f"{G002} §Advanced Control Mechanisms (Image Input)",
    bad="reference 1024x768 PNG for a 1280x720 render",
    good="reference 1280x720 PNG for a 1280x720 render",
    fix_title="Export the reference at the render size (crop/scale), as JPEG, PNG or WebP.",
    scope=(fields.REFERENCE_IMAGE,), structured_only=True,
    families=("sora",), reads_english=False,
    families_why="The same-size reference is a Sora API requirement; other APIs crop or letterbox"
))


@REFERENCE_MISMATCH.check
def reference_mismatch(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None
    ref = ctx.shot.reference_image
    if not ref:
        return
    path = Path(ref) if ctx.media_root is None else ctx.media_root / ref
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            fmt, (w, h) = img.format, img.size
    except (OSError, UnidentifiedImageError, ValueError):
        yield rule.finding(ctx, f"the reference image '{ref}' cannot be read", field=fields.REFERENCE_IMAGE)
        return
    if fmt not in ("JPEG", "PNG", "WEBP"):
        yield rule.finding(ctx, f"the reference image is {fmt}; use JPEG, PNG or WebP", field=fields.REFERENCE_IMAGE)
    if f"{w}x{h}" != ctx.size:
        yield rule.finding(ctx, f"the reference image is {w}x{h} but the render size is {ctx.size}",
                           field=fields.REFERENCE_IMAGE)


TOO_MANY_CHARACTERS = register(Rule(
    code="SL054", name="too-many-characters", severity=Severity.ERROR,
    summary="More than two Characters-API characters in one shot.",
    why="\"Through the Characters API you can upload a short character video ... and reuse it across clips; up to "
        "two characters are supported at once.\"",
    source=f"{G000} §What Sora 2 does",
    bad="three uploaded characters in one shot",
    good="two uploaded characters in one shot; the third described in prose",
    fix_title="Keep at most two uploaded characters; describe the others in prose.",
    scope=(fields.CHARACTERS,), structured_only=True,
    families=("sora",), reads_english=False, families_why="The Characters API is Sora's"
))


@TOO_MANY_CHARACTERS.check
def too_many_characters(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None and ctx.project is not None
    limit = capabilities.limits().max_characters_per_shot
    uploaded = [c.name for ref in ctx.shot.characters if (c := ctx.project.character(ref)) and c.remote_character_id]
    if len(uploaded) > limit:
        yield rule.finding(ctx, f"{len(uploaded)} uploaded characters ({', '.join(uploaded)}); the API takes at most "
                                f"{limit} per shot", field=fields.CHARACTERS)


EXTENSION_LIMIT = register(Rule(
    code="SL055", name="extension-limit", severity=Severity.ERROR,
    summary="More than 6 extensions or more than 120 s in one extension chain.",
    why="\"A unique feature is video extension — up to 6 times, summing to 120 seconds total.\"",
    source=f"{G000} §What Sora 2 does",
    bad="a take extended 7 times",
    good="a take extended 3 times to 32 seconds",
    fix_title="Start a new chain from a fresh take, or cut the chain shorter.",
    scope=(fields.RENDER_SECONDS,), structured_only=True,
    families=("sora",), reads_english=False, families_why="Extension chains of 6 and 120 s are Sora's limits"
))


def _take_seconds(params: Mapping[str, object], default: int) -> float:
    try:
        return float(params.get("seconds", default))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float(default)


@EXTENSION_LIMIT.check
def extension_limit(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    from composer.document.models import TakeKind  # structured-only: free-text lint never imports pydantic

    assert ctx.shot is not None
    lim = capabilities.limits()
    takes = {tk.id: tk for tk in ctx.shot.takes}
    for tk in ctx.shot.takes:
        if tk.kind is not TakeKind.EXTEND or any(c.parent_take_id == tk.id and c.kind is TakeKind.EXTEND
                                                  for c in ctx.shot.takes):
            continue  # judge each chain once, from its last extension
        extensions, total, seen = 0, 0.0, set()
        cur: Take | None = tk
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            total += _take_seconds(cur.params, ctx.seconds)
            extensions += cur.kind is TakeKind.EXTEND
            cur = takes.get(cur.parent_take_id) if cur.parent_take_id else None
        if extensions > lim.max_extensions or total > lim.max_extension_chain_seconds:
            yield rule.finding(ctx, f"this extension chain has {extensions} extensions and {total:.0f} s; the limit "
                                    f"is {lim.max_extensions} extensions and {lim.max_extension_chain_seconds} s",
                               field=fields.RENDER_SECONDS)
