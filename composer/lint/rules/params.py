"""Render parameters: never in the prose; the model profiled and live; size, seconds, reference, characters and
extensions valid for the model's profile (resources/models/)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from composer.catalog import loader
from composer.catalog.profiles import ModelProfile, nearest_seconds, nearest_size
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


def _profile(ctx: LintContext) -> ModelProfile | None:
    return loader.lookup(ctx.model)


INVALID_SIZE = register(Rule(
    code="SL051", name="invalid-size-for-model", severity=Severity.ERROR,
    summary="The render size is not offered by the chosen model (its profile in resources/models/).",
    why="\"size: The video's resolution as a {width}x{height} string. sora-2: 1280x720, 720x1280\" — every model "
        "has its own list (Veo 3.1: 16:9 or 9:16 at 720p/1080p; Runway Gen-4: six ratios; LTX-2: multiples of 32), "
        "and an endpoint rejects a size the model does not offer.",
    source=f"{G002} §Technical Parameters and Constraints; resources/models/*.toml (each size with its source)",
    bad="model veo-3.1, size 1792x1024",
    good="model veo-3.1, size 1920x1080",
    fix_title="Pick a size the model offers (or switch to a model that offers this size).",
    scope=(fields.RENDER_SIZE,),
    families=(EVERY_FAMILY,), fix_kind=FixKind.SOMETIMES, reads_english=False,
))


@INVALID_SIZE.check
def invalid_size(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    profile = _profile(ctx)
    if profile is None:
        return  # SL058 says the limits are unknown; the size goes out as set
    sizes = profile.sizes_in(ctx.mode)
    if ctx.size not in sizes:
        best = nearest_size(ctx.size, sizes)
        mode = f" ({ctx.mode} mode)" if profile.docs_sizes else ""
        yield rule.finding(ctx, f"{ctx.model} does not offer {ctx.size}{mode}; it offers {', '.join(sizes)}",
                           field=fields.RENDER_SIZE,
                           fix=Fix(f"Use {best}", fields.RENDER_SIZE, best) if best else None)


INVALID_SECONDS = register(Rule(
    code="SL052", name="invalid-seconds", severity=Severity.ERROR,
    summary="The clip length is not offered by the chosen model (its profile in resources/models/).",
    why="\"seconds: The desired length of the video clip. The default value is «4». Supported: «4», «8», «12»\" — "
        "each model has its own lengths (Veo 3.1: 4, 6 or 8 s; Runway Gen-4: 5 or 10 s).",
    source=f"{G002} §Technical Parameters and Constraints; resources/models/*.toml (each duration with its source)",
    bad="model veo-3.1, 12 seconds",
    good="model veo-3.1, 8 seconds",
    fix_title="Pick a length the model offers.",
    scope=(fields.RENDER_SECONDS,),
    families=(EVERY_FAMILY,), fix_kind=FixKind.ALWAYS, reads_english=False,
))


@INVALID_SECONDS.check
def invalid_seconds(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    profile = _profile(ctx)
    if profile is None:
        return
    durations = profile.durations_in(ctx.mode)
    if ctx.seconds in durations:
        return
    best = nearest_seconds(ctx.seconds, durations)
    mode = f" ({ctx.mode} mode)" if profile.docs_durations else ""
    yield rule.finding(ctx, f"{ctx.model} does not offer {ctx.seconds} s{mode}; it offers "
                            f"{', '.join(map(str, durations))} s", field=fields.RENDER_SECONDS,
                       fix=Fix(f"Use {best} seconds", fields.RENDER_SECONDS, best))


REFERENCE_MISMATCH = register(Rule(
    code="SL053", name="reference-mismatch", severity=Severity.ERROR,
    summary="The reference image is missing where the model needs one, is not JPEG/PNG/WebP, cannot be read, or "
            "differs from the render size where the model needs them equal.",
    why="\"Requirements: The input image must match the target video's resolution (size). Supported Formats: "
        "image/jpeg, image/png, image/webp.\" Runway Gen-4 Turbo and Wan 2.2 I2V are image-to-video: they need one.",
    source=f"{G002} §Advanced Control Mechanisms (Image Input); resources/models/*.toml (reference_required, "
           "reference_must_match_size)",
    bad="reference 1024x768 PNG for a 1280x720 render on sora-2",
    good="reference 1280x720 PNG for a 1280x720 render",
    fix_title="Export the reference at the render size (crop/scale), as JPEG, PNG or WebP; add one where the model "
              "needs it.",
    scope=(fields.REFERENCE_IMAGE,), structured_only=True,
    families=(EVERY_FAMILY,), reads_english=False,
))


@REFERENCE_MISMATCH.check
def reference_mismatch(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None
    profile = _profile(ctx)
    ref = ctx.shot.reference_image
    if not ref:
        if profile is not None and profile.reference_required:
            yield rule.finding(ctx, f"{ctx.model} is image-to-video: it needs a reference image",
                               field=fields.REFERENCE_IMAGE)
        return
    if profile is not None and not profile.reference_images:
        return  # this model takes no image: the request leaves it out (the form hides it)
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
    if profile is not None and profile.reference_must_match_size and f"{w}x{h}" != ctx.size:
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
    families=(EVERY_FAMILY,), reads_english=False,
))


@TOO_MANY_CHARACTERS.check
def too_many_characters(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None and ctx.project is not None
    profile = _profile(ctx)
    if profile is None or not profile.characters:
        return  # no Characters API on this model: character ids are not sent
    limit = profile.characters
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
    families=(EVERY_FAMILY,), reads_english=False,
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
    profile = _profile(ctx)
    if profile is None or not profile.max_extensions:
        return
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
        if extensions > profile.max_extensions or total > profile.max_extension_seconds:
            yield rule.finding(ctx, f"this extension chain has {extensions} extensions and {total:.0f} s; the limit "
                                    f"is {profile.max_extensions} extensions and {profile.max_extension_seconds} s",
                               field=fields.RENDER_SECONDS)


RETIRED_MODEL = register(Rule(
    code="SL057", name="retired-model", severity=Severity.ERROR,
    summary="The chosen model was shut down by its vendor; the error names the successor to port the shot to.",
    why="\"OpenAI shut down the Sora 2 models and the whole Videos API on 2026-09-24\" — a request for a retired "
        "model cannot render anywhere; the shot keeps every field, and 'Port this shot to …' moves it to the "
        "successor with duration and size mapped.",
    source=f"{G002} §Technical Parameters and Constraints; resources/models/*.toml (status, retired_on, successor)",
    bad="model sora-2",
    good="model veo-3.1",
    fix_title="Port this shot to the successor (Render settings → Port this shot to…).",
    scope=(fields.RENDER_MODEL,), families=(EVERY_FAMILY,), reads_english=False,
))


@RETIRED_MODEL.check
def retired_model(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    profile = _profile(ctx)
    if profile is None or not profile.retired:
        return
    successor = loader.lookup(profile.successor)
    label = f"{successor.name} ({successor.label})" if successor else str(profile.successor)
    when = profile.retired_on.isoformat() if profile.retired_on else "an unknown date"
    note = f" ({profile.retired_note})" if profile.retired_note else ""
    yield rule.finding(ctx, f"{ctx.model} was retired on {when}{note}; port this shot to its successor {label}",
                       field=fields.RENDER_MODEL, fix=Fix(f"Port this shot to {label}"))


UNKNOWN_MODEL = register(Rule(
    code="SL058", name="unknown-model", severity=Severity.WARNING,
    summary="No model profile knows the chosen model: its sizes, durations, parameters and price are unknown.",
    why="\"Duration (seconds), size, and characters are set through API parameters only\" — and each model "
        "allows its own; for a model Slate has no profile of, it cannot check them, so the request goes out exactly "
        "as set and the endpoint decides.",
    source=f"{G002} §Technical Parameters and Constraints; resources/models/ (the profiles Slate knows)",
    bad="model acme-video-9",
    good="model veo-3.1",
    fix_title="Check the model name; for a new model, add a profile under resources/models/.",
    scope=(fields.RENDER_MODEL,), families=(EVERY_FAMILY,), reads_english=False,
))


@UNKNOWN_MODEL.check
def unknown_model(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if _profile(ctx) is not None:
        return
    yield rule.finding(ctx, f"no profile knows '{ctx.model}': its limits and price are unknown, so the request "
                            "goes out exactly as set", field=fields.RENDER_MODEL)

