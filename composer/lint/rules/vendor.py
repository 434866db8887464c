"""Rules from the vendors' own prompting guides (Veo, Runway, Seedance, MiniMax), each for its family only.

Where the Sora guides and a vendor's guide disagree, the vendor's rule replaces the Sora one for that
family (reference/models-2026.md): Veo wants unwanted things in its negative-prompt field as nouns and speech
in quotes; Runway wants motion only and positive phrasing; Seedance wants numbered shots, not timestamps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.catalog import families, loader
from composer.document import fields
from composer.lint import camera, shape
from composer.lint import regex_cache as rx
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, FieldEdit, Finding, Fix, FixKind, LintContext, Rule, Severity
from composer.lint.scan import Led

REF = "reference/models-2026.md §How their prompting guides differ"
VEO = "https://ai.google.dev/gemini-api/docs/video (Prompt guide); " \
      "https://docs.cloud.google.com/vertex-ai/generative-ai/docs/video/video-gen-prompt-guide"
RUNWAY = "https://help.runwayml.com/hc/en-us/articles/39789879462419-Gen-4-Prompting-Guide"
SEEDANCE = "https://www.volcengine.com/docs/82379/2222480 (Seedance 2.0 prompt guide); " \
           "https://www.volcengine.com/docs/82379/2607689 (Seedance 2.5)"

# --- Veo ----------------------------------------------------------------------------------------

NEGATION_IN_TEXT = register(Rule(
    code="SL070", name="negation-in-prompt-text", severity=Severity.WARNING,
    summary="Veo: an unwanted thing is written as \"no …\" in the prompt instead of as a noun in the negative prompt.",
    why="Veo's guide: \"Negative prompts ... Don't use instructive language or words like no or don't. For example, "
        "instead of «No walls» or «don't show walls», use «wall, frame».\" The negative prompt is its own request "
        "field; in the text, a \"no\" can put the thing in.",
    source=f"{VEO}; {REF}",
    bad="A quiet beach at dawn. No people, no boats.",
    good="A quiet beach at dawn. (negative prompt: people, boats)",
    fix_title="Move the unwanted things to the negative prompt (the shot's Avoid list) as plain nouns.",
    scope=(fields.AVOID,), families=("veo",), fix_kind=FixKind.SOMETIMES,
    families_why="Veo's own guide: its API takes a negative_prompt field; the Sora guides accept a few in-text "
                 "exclusions (SL043)",
))

_NEG_PHRASE = rx.compile(r"(?i)\b(?:no|without(?: any)?|avoid|never show|don't show|do not show|do not include)\s+"
                         r"(?:any\s+|the\s+)?(?P<what>[a-z][\w -]{1,40}?)(?=[,.;:!?)\n]|\s+(?:or|and|but)\b|$)")


@NEGATION_IN_TEXT.check
def negation_in_prompt_text(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    avoid = ctx.assembled.spans_for(fields.AVOID)
    reported = 0
    for start, end, _n in t.negatives(ctx):
        if any(s.start < end and start < s.end for s in avoid) or reported == 4:
            continue  # the Avoid field becomes Veo's negative prompt; four findings say enough
        reported += 1
        phrase = ctx.text[start:end].strip()
        yield rule.finding(ctx, f"'{_short(phrase)}' is a negative in the prompt text; Veo reads unwanted things from "
                                "the negative prompt, as nouns", span=(start, end),
                           fix=_move_to_avoid(rule, ctx, start))


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _move_to_avoid(rule: Rule, ctx: LintContext, start: int) -> Fix:
    """In a structured shot: drop "no X" from its field and add "X" to the Avoid list (two edits, one fix)."""
    field = ctx.field_at(start)
    if ctx.shot is None or field is None or field == fields.AVOID:
        return Fix(rule.fix_title)
    try:
        value = fields.get_value(ctx.shot, field)
    except KeyError:
        return Fix(rule.fix_title)
    if not isinstance(value, str):
        return Fix(rule.fix_title)
    m = _NEG_PHRASE.search(value)
    if m is None:
        return Fix(rule.fix_title)
    noun = m.group("what").strip()
    kept = re.sub(r"\s{2,}", " ", (value[:m.start()] + value[m.end():])).strip(" ,;.")
    kept = re.sub(r"\s+([,.;])", r"\1", kept)
    new_avoid = [*ctx.shot.avoid, noun] if noun not in ctx.shot.avoid else list(ctx.shot.avoid)
    return Fix(f"Move '{noun}' to the Avoid list (the negative prompt)", field, kept,
               more=(FieldEdit(fields.AVOID, new_avoid),))


UNQUOTED_SPEECH = register(Rule(
    code="SL071", name="unquoted-speech", severity=Severity.WARNING,
    summary="Veo: words someone says are written without quotation marks.",
    why="Veo's guide, on dialogue: \"Use quotes for specific speech.\" (its example: «\"This must be the key,\" he "
        "murmured.»). Unquoted, the words read as description and are not spoken as written.",
    source=f"{VEO}; {REF}",
    bad="The old man looks up and says: We should have left at dawn.",
    good="The old man looks up and says: \"We should have left at dawn.\"",
    fix_title="Put the exact words in quotation marks.",
    scope=(fields.DIALOGUE,), vocab=("speech_verbs",), families=("veo",),
    families_why="Veo's own guide; Sora's guides want a Dialogue block with named speakers instead (SL031)",
))

_UNQUOTED = Led(r"\b(?:says|said|whispers|whispered|shouts|shouted|yells|yelled|asks|asked|replies|replied|"
                r"answers|murmurs|mutters|exclaims|announces)\s*[:,]\s+(?![\"“'‘«])(?P<line>(?-i:[A-Z])[^.!?\n\"“]{6,}"
                r"[.!?]?)",
                ("says", "said", "whisper", "shout", "yell", "ask", "repl", "answers", "murmurs", "mutters", "exclaims",
                 "announces"), re.IGNORECASE)
_SPEAKER_LINE = rx.compile(r"(?m)^[ \t]*(?:[-•*][ \t]*)?(?P<name>[A-Z][\w' -]{1,30})(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:"
                           r"[ \t]+(?![\"“'‘«])(?P<line>[A-Z][^\n\"“]{6,})$")


@UNQUOTED_SPEECH.check
def unquoted_speech(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if shape.shape(ctx).kind == "json":
        return
    dialogue = re.search(r"(?im)^[ \t]*[\[(]?dialog(?:ue)?[\])]?[ \t]*:", ctx.text)
    for m in _UNQUOTED.finditer(ctx.text, t.lowered(ctx)):
        yield rule.finding(ctx, f"'{_short(m.group('line'))}' is speech without quotation marks", span=m.span("line"))
    if dialogue:
        for m in _SPEAKER_LINE.finditer(ctx.text, dialogue.end()):
            if not re.match(r"(?i)camera|lighting|mood|palette|sound|audio|background|actions?|style", m.group("name")):
                yield rule.finding(ctx, f"{m.group('name')}'s line is not in quotation marks", span=m.span("line"))


PROMPT_OVER_CAP = register(Rule(
    code="SL072", name="prompt-over-length-cap", severity=Severity.WARNING,
    summary="The prompt is longer than the model's text input takes (Veo about 1,024 tokens; otherwise the cap in "
            "the model's profile, e.g. Runway 1,000, MiniMax 2,000, Kling 2,500).",
    why="Veo's text input is capped at about 1,024 tokens, MiniMax Hailuo's prompt at 2,000 characters "
        "(reference/models-2026.md) and Runway's promptText at 1,000 UTF-16 code points (Runway's API): what runs "
        "past the cap is cut off or rejected, so the end of the prompt - often the sound and the constraints - never "
        "reaches the model.",
    source=f"{VEO}; {REF} (MiniMax Hailuo: prompt ≤ 2,000 chars); the prompt_max_chars of each profile in "
           "resources/models/ (Runway: runwayml/sdk-python image_to_video_create_params)",
    bad="(a 6,000-character brief for Veo, or 1,200 characters for Runway Gen-4 Turbo)",
    good="A 900-word prompt for Veo, 1,900 characters for MiniMax, 950 for Runway.",
    fix_title="Cut the prompt under the cap: drop repetition and the bookkeeping (titles, tags, notes).",
    scope=(fields.PROMPT,), families=(EVERY_FAMILY,), reads_english=False,
    families_why="Every profile names its model's cap; Veo's is counted in tokens",
))


@PROMPT_OVER_CAP.check
def prompt_over_cap(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    caps = t.thresholds()["prompt_caps"]
    full = int(ctx.cache.get("full_length", len(ctx.text)))  # type: ignore[call-overload]
    if ctx.family == "veo":
        tokens = round(full / float(caps["chars_per_token"]))  # type: ignore[arg-type]
        cap = int(caps["veo_tokens"])  # type: ignore[call-overload]
        if tokens > cap:
            yield rule.finding(ctx, f"about {tokens:,} tokens; Veo takes about {cap:,}", field=fields.PROMPT)
        return
    profile = loader.lookup(ctx.model)
    if profile is None or not profile.prompt_max_chars:
        return
    limit = profile.prompt_max_chars
    # As the model's API counts it (UTF-16 units for Runway); a capped paste is judged by its full length
    units = families.prompt_length(ctx.model, ctx.text) if full == len(ctx.text) else full
    if units > limit:
        extra = f" ({units:,} UTF-16 units: an emoji counts two)" if units != full else ""
        yield rule.finding(ctx, f"{full:,} characters{extra}; {profile.label} takes {limit:,}", field=fields.PROMPT)


# --- Runway -------------------------------------------------------------------------------------

DESCRIBES_IMAGE = register(Rule(
    code="SL073", name="describes-the-image", severity=Severity.WARNING,
    summary="Runway: the prompt re-describes what the input image shows instead of the motion.",
    why="Runway's Gen-4 guide: \"Use the text prompt to focus on describing motion\"; the input image already sets "
        "the subject's look, the framing, the lighting and the style. Words spent re-describing it compete with the "
        "image.",
    source=f"{RUNWAY}; {REF}",
    bad="A young woman with long red hair wearing a green velvet dress stands in a sunlit field of lavender.",
    good="The subject turns toward the camera and smiles; the lavender sways in the wind as the camera pushes in.",
    fix_title="Describe what moves (the subject, the camera, the scene); leave appearance to the image.",
    scope=(fields.SUBJECT, fields.SCENE), vocab=("wardrobe", "colors", "lighting_terms", "motion_verbs"),
    families=("runway",),
    families_why="Runway Gen-4 is image-to-video only, so the image carries the look; text-to-video families need "
                 "the description",
))


_WEARING = rx.compile(r"(?i)\bwearing\b")


@DESCRIBES_IMAGE.check
def describes_the_image(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    motion = t.vocab("motion_verbs")
    for s, e in t.prompt_sentences(ctx):
        sentence = ctx.text[s:e]
        if len(t.words(sentence)) < 8 or motion.search(sentence) or camera.moves_in(ctx, s, e):
            continue
        looks = t.spans_in(sentence, t.vocab("wardrobe"), t.vocab("colors"), t.vocab("lighting_terms"))
        if len(looks) + len(_WEARING.findall(sentence)) >= 2:
            yield rule.finding(ctx, "this sentence describes what the image already shows; describe motion instead",
                               span=(s, e))
            return


NEGATIVE_PHRASING = register(Rule(
    code="SL074", name="negative-phrasing", severity=Severity.WARNING,
    summary="Runway: a negative instruction (\"no …\", \"don't …\") where the guide asks for positive phrasing.",
    why="Runway's Gen-4 guide: \"Use positive phrasing and avoid negative prompts\"; negative phrasing can bring the "
        "very thing in.",
    source=f"{RUNWAY}; {REF}",
    bad="The camera pushes in slowly. Don't let the subject blink, no camera shake.",
    good="The camera pushes in slowly and smoothly; the subject holds a steady gaze.",
    fix_title="Say what should happen instead (\"a steady gaze\", \"a smooth push-in\").",
    scope=(fields.AVOID,), families=("runway",),
    families_why="Runway's own guide; the Sora guides allow a few exclusions (SL043) and Veo wants them in its "
                 "negative prompt (SL070)",
))


@NEGATIVE_PHRASING.check
def negative_phrasing(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for start, end, _n in t.negatives(ctx)[:3]:
        yield rule.finding(ctx, f"'{_short(ctx.text[start:end].strip())}' is negative phrasing; say what should "
                                "happen instead", span=(start, end))


# --- Seedance -----------------------------------------------------------------------------------

UNNUMBERED_SHOTS = register(Rule(
    code="SL075", name="unnumbered-shots", severity=Severity.WARNING,
    summary="Seedance: a multi-shot prompt whose shots are not numbered in story order.",
    why="Seedance's 2.0 guide asks for shots marked in the order events happen (镜头1, 镜头2 / Shot 1, Shot 2) and "
        "lets the model set the rhythm from the story; unnumbered cuts leave the order to chance.",
    source=f"{SEEDANCE}; {REF}",
    bad="A barista pours espresso. Cut to the cafe window at dawn. Then a wide shot of the street.",
    good="Shot 1: a barista pours espresso. Shot 2: the cafe window at dawn. Shot 3: a wide shot of the street.",
    fix_title="Number the shots in story order: Shot 1, Shot 2, Shot 3.",
    scope=(fields.BEATS,), families=("seedance",), reads_english=False,
    families_why="Seedance's own guide; Sora and Veo read cuts in prose",
))


@UNNUMBERED_SHOTS.check
def unnumbered_shots(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    segs = shape.shape(ctx).segments
    if any(s.numbered for s in segs) or any(s.time is not None for s in segs):
        return  # numbered already, or timestamped (SL076's business)
    if camera.shot_count(ctx) > 1:
        first = next((s for s in segs if s.cut and s.marker), None)
        yield rule.finding(ctx, f"{camera.shot_count(ctx)} shots with no numbers; Seedance follows numbered shots "
                                "(Shot 1, Shot 2) in story order", span=first.marker if first else None)


FORCED_TIMESTAMPS = register(Rule(
    code="SL076", name="forced-timestamps", severity=Severity.WARNING,
    summary="Seedance: shots forced onto timestamps instead of numbered in order.",
    why="Seedance's 2.0 guide: support for precise time ranges such as 0–3 秒 is unstable and forcing a duration on "
        "each shot can produce abnormal output; number the shots and let the model set the rhythm. The 2.5 guide "
        "accepts whole-second timestamps, never fractions.",
    source=f"{SEEDANCE}; {REF}",
    bad="[0-3s] She opens the door. [3-5.5s] She steps inside.",
    good="Shot 1: she opens the door. Shot 2: she steps inside.",
    fix_title="Replace the timestamps with shot numbers (Seedance 2.5: whole seconds only).",
    scope=(fields.BEATS,), families=("seedance",), reads_english=False, fix_kind=FixKind.SOMETIMES,
    families_why="Seedance's own guide; the Sora guides anchor actions to timecodes (SL006 checks them)",
))

def _numbered(rule: Rule, ctx: LintContext) -> Fix:
    """In a pasted prompt: the same text with each timestamp replaced by "Shot N:" (one edit of the prompt)."""
    if ctx.structured:
        return Fix(rule.fix_title)
    stamps = [s.marker for s in shape.shape(ctx).segments if s.time is not None and s.marker is not None]
    out, pos = [], 0
    for n, (start, end) in enumerate(stamps, 1):
        tail = re.match(r"[ \t]*[:：—–-]?[ \t]*", ctx.text[end:])
        out += [ctx.text[pos:start], f"Shot {n}: "]
        pos = end + (tail.end() if tail else 0)
    out.append(ctx.text[pos:])
    return Fix("Number the shots instead of timing them", fields.PROMPT, "".join(out))


_SECONDS_PHRASE = rx.compile(r"(?i)\b(?:the\s+)?(?:first|last|final|remaining|next)\s+\d+(?:\.\d+)?\s+seconds?\b")


@FORCED_TIMESTAMPS.check
def forced_timestamps(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    newer = bool(re.search(r"2[.-]5", ctx.model))
    for seg in shape.shape(ctx).segments:
        if seg.time is None or seg.marker is None:
            continue
        stamp = ctx.text[seg.marker[0]:seg.marker[1]]
        if newer and not re.search(r"\d\.\d*[1-9]", stamp):
            continue  # Seedance 2.5 takes whole-second timestamps
        yield rule.finding(ctx, f"'{stamp.strip()}' forces a timestamp; Seedance follows numbered shots, not times",
                           span=seg.marker, fix=_numbered(rule, ctx))
        return
    if not newer:
        m = _SECONDS_PHRASE.search(ctx.text)
        if m:
            yield rule.finding(ctx, f"'{m.group(0)}' forces a duration on a shot; let Seedance set the rhythm",
                               span=m.span())
