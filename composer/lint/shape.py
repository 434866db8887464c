"""The shape of a pasted prompt, parsed once per lint run: its shots, its section headers, its opening, and
the fields of a JSON- or YAML-like prompt.

Real prompts are rarely one paragraph. They come as shot lists (``Shot 2:``, ``CUT TO``, ``[00:01-00:03]``,
``0–5s —``), as sectioned briefs (``[OUTPUT]``, ``Camera:``, ``## Scene``), or as JSON/YAML blobs. Rules
that judge "the opening", "this shot" or "a parameter written in the text" read this shape instead of
guessing from raw text, so a header is never taken for the opening and a shot size in one of seven shots
does not satisfy the other six.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from composer.lint import regex_cache as rx
from composer.lint.rule import LintContext
from composer.lint.scan import Led, at_line_starts, line_starts, lower_keeping_offsets

_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?|\d{1,3}(?:\.\d+)?)"
_UNIT = r"(?:\s*(?:s|sec|secs|seconds?|秒))?"
_DASH = r"\s*[-–—~至到]\s*"
# "[00:01-00:03]", "[0-5s]", "[00:00]" anywhere; the bracket makes a bare number unambiguous.
_BRACKET_TC = rx.compile(r"[\[【]\s*(" + _TIME + r")" + _UNIT + r"(?:" + _DASH + r"(" + _TIME + r")" + _UNIT
                         + r")?\s*[\]】]")
# "0–3 s:", "0.00-2.40 —", "00:00–00:05:", "- 5-10s:" at a line start (or after "; "), and "(0.0-3.0秒)".
_LINE_TC = rx.compile(r"(?:^|(?<=[;；]\s)|(?<=[（(]))[ \t]*(?:[-•*][ \t]*)?(" + _TIME + r")" + _UNIT + _DASH + r"("
                      + _TIME + r")" + _UNIT + r"[ \t]*(?=[:：—–\-)）,]|$|\s+[A-Za-z\u3040-\u9fff])", re.MULTILINE)
# "00:05: camera cuts ..." — a single clock time opening a line or a ";"-clause.
_DIGIT_DASH = rx.compile(r"\d\s*(?:s|sec|seconds?|秒)?\s*[-–—~至到]\s*\d")
_POINT_TC = rx.compile(r"(?:^|(?<=[;；]\s))[ \t]*(\d{1,2}:\d{2}(?:\.\d+)?)[ \t]*(?:[:：—–\-]|$)", re.MULTILINE)
_SHOT_LABEL_SRC = (r"(?<![\w-])(?:shot|scene|clip|panel)[ \t]*#?[ \t]*(\d{1,2})(?![\w.])[ \t]*"
                   r"(?:\([^)\n]{0,30}\))?[ \t]*[:.)\-–—]|(?:镜头|分镜|カット|컷)[ \t]*(\d{1,2})")
_SHOT_LABEL_LEADS = ("shot", "scene", "clip", "panel", "镜头", "分镜", "カット", "컷")
_CUT_SRC = (r"\b(?:(?:smash|hard|jump|match|quick)[ -]cuts?(?:[ \t]+(?:back[ \t]+)?to)?"
            r"|cuts?[ \t]+(?:back[ \t]+)?to|cut:"
            r"|switch(?:es)?[ \t]+to[ \t]+(?:an?[ \t]+|the[ \t]+)?(?:extreme[ \t]+|medium[ \t]+)?"
            r"(?:close|wide|medium|reverse|over|low|high|overhead|aerial|shot|angle|view|two-shot|insert)"
            r"|dissolves?[ \t]+(?:in)?to|fades?[ \t]+(?:in)?to[ \t]+(?:a|an|the)\b|ends[ \t]+(?:with|on)[ \t]+an?"
            r"[ \t]+(?:\w+[ \t]+)?shot)\b")
_CUT_LEADS = ("smash", "hard", "jump", "match", "quick", "cut", "switch", "dissolve", "fade", "ends")
# A sentence opened by a framing label is a new shot: "Medium shot: a young couple ...", "Close-up: her hand".
_FRAMING_LABEL = rx.compile(r"(?im)(?:^|(?<=[.!?]\s))[ \t]*(?:(?:extreme|medium|wide|full|long|establishing|tight|"
                            r"aerial|overhead|low[- ]angle|high[- ]angle|insert|reverse|macro)[ \t-]+)?"
                            r"(?:shot|close-?up|two-shot|three-shot|insert|angle)[ \t]*:")
# Scanned where their words stand (``scan.Led``): in lowercased text, or with IGNORECASE in the rare text whose
# lowercase changes length.
_SHOT_LABEL_LOW, _SHOT_LABEL = (Led(_SHOT_LABEL_SRC, _SHOT_LABEL_LEADS, f) for f in (0, re.IGNORECASE))
_CUT_LOW, _CUT = (Led(_CUT_SRC, _CUT_LEADS, f) for f in (0, re.IGNORECASE))
_FRAMING_LABEL_LOW = rx.compile(_FRAMING_LABEL.pattern.replace("(?im)", "(?m)"))
_CLOCK = rx.compile(r"\d:\d\d")  # what a point timecode needs, as a cheap first check
_FRAMING_COLON = Led(r"(?:shot|close-?up|insert|angle)[ \t]*:", ("shot", "close", "insert", "angle"))  # a label needs
# A line that is only a section header: "[OUTPUT]", "**Prompt:**", "## Scene 2", "Primary Target & Visuals:".
_HEADER_LINE = rx.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]*|\*\*)?(?:[\[【][^\]\n】]{1,60}[\]】]|[A-Za-z][^\n:\[\]]{0,50}:)"
                          r"(?:\*\*)?[ \t]*$")
# A label opening a line before its content: "[CAMERA]: handheld ...", "Camera: ...", "- Subject: ...".
_LABEL = rx.compile(r"(?m)^[ \t]*(?:[-•*][ \t]*)?(?:\*\*)?(?:[\[【][A-Za-z][^\]\n】]{0,40}[\]】]:?|"
                    r"[A-Z][A-Za-z/&'-]*(?:[ ][A-Za-z/&'-]+){0,3}:)(?:\*\*)?[ \t]*(?=\S)")
_REFERENCE_LINE = rx.compile(r"(?im)^[ \t]*@(?:image|img|video|vid|audio|ref|图片|视频|音频)[^\n]*$")
_URL = rx.compile(r"https?://\S+|www\.\S+")
_SENT = rx.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)

# JSON/YAML keys whose values are bookkeeping, not prompt text: no rule reads them.
_META_KEYS = frozenset({"id", "url", "link", "demo_link", "source", "author", "created", "updated", "date",
                        "version", "sora_version", "nsfw", "category", "tags", "title", "slug", "license",
                        "model", "seed"})
# Keys that hold render parameters ("duration_seconds": 8): part of the text a rule may report, not structure.
_PARAM_KEY = rx.compile(r"(?i)^(?:video_|expected_|clip_)?(?:duration|duration_seconds|length|seconds|runtime|fps|"
                        r"frame_?rate|aspect_?ratio|resolution|size)$")
# Arrays (and objects keyed by time) whose elements are the prompt's shots.
_SHOT_KEYS = frozenset({"scenes", "shots", "timeline", "sequence", "segments", "cuts", "shot_list", "storyboard"})


@dataclass(frozen=True, slots=True)
class Segment:
    """One shot (or timed beat) of the prompt, from its marker to the next marker."""

    start: int
    end: int
    marker: tuple[int, int] | None  # the "Shot 2:" / "[00:01-00:03]" / "Cut to" text, None for the first
    cut: bool  # begins with an explicit cut: a shot label, a cut phrase, a JSON scene element
    numbered: bool  # labelled "Shot 2" / "镜头2"
    time: tuple[float, float | None] | None  # seconds from a timecode marker


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    key_span: tuple[int, int]
    value_span: tuple[int, int]


@dataclass
class Shape:
    kind: str  # "prose", "sections" (labelled lines), "json"
    segments: list[Segment]
    headers: list[tuple[int, int]]  # header lines and line labels: read as structure, not as prose
    ignored: list[tuple[int, int]]  # bookkeeping (metadata values, URLs, @image references)
    fields: list[Field] = field(default_factory=list)
    opening: tuple[int, int] = (0, 0)

    @property
    def multi_shot(self) -> bool:
        return len(self.segments) > 1


def shape(ctx: LintContext) -> Shape:
    """The prompt's shape, computed once per lint run."""
    cached = ctx.cache.get("shape")
    if cached is None:
        cached = ctx.cache["shape"] = parse(ctx.text)
    return cached  # type: ignore[return-value]


def parse(text: str) -> Shape:
    stripped = text.lstrip()
    if stripped[:1] in "{[" and stripped.rstrip()[-1:] in "}]":
        js = _parse_json(text)
        if js is not None:
            return js
    return _parse_prose(text)


def _seconds(tc: str) -> float:
    parts = tc.split(":")
    value = 0.0
    for p in parts:
        value = value * 60 + float(p)
    return value


# --- prose and sectioned prompts ---------------------------------------------------------------

def _parse_prose(text: str) -> Shape:
    colon = ":" in text or "[" in text or "【" in text
    lines = line_starts(text)
    headers = [m.span() for m in at_line_starts(_HEADER_LINE, text, lines) if _looks_like_header(m.group(0))] \
        if colon else []
    labels = [m.span() for m in at_line_starts(_LABEL, text, lines)] if colon else []
    ignored = [m.span() for m in _URL.finditer(text)] if ("http" in text or "www." in text) else []
    ignored += [m.span() for m in at_line_starts(_REFERENCE_LINE, text, lines)] if "@" in text else []
    ignored += _yaml_meta(text, lines) if colon else []
    header_spans = sorted(headers + labels)
    segments = _segments(text, headers)
    kind = "sections" if len(header_spans) >= 2 else "prose"
    out = Shape(kind, segments, header_spans, sorted(ignored))
    out.opening = _opening(text, out)
    return out


def _looks_like_header(line: str) -> bool:
    core = line.strip().strip("#*").strip()
    return len(core.split()) <= 8 and not core.endswith((".", "!", "?")) and (core[:1] in "[【" or core.endswith(":")
                                                                           or line.lstrip().startswith("#"))


_YAML_LINE = rx.compile(r"(?m)^([a-z_]+):[ \t]*(.*)$")


def _yaml_meta(text: str, lines: list[int]) -> list[tuple[int, int]]:
    """Values of bookkeeping keys in a YAML-like prompt ("title: ...", "tags: [...]", "author: ...")."""
    out = []
    for m in at_line_starts(_YAML_LINE, text, lines):
        if m.group(1) in _META_KEYS:
            out.append(m.span(2) if m.group(2) else m.span())
    return out


_Marker = tuple[int, int, bool, bool, tuple[float, float | None] | None]


def _markers(text: str) -> list[_Marker]:
    """(start, end, cut, numbered, time) of every shot marker, in text order, overlapping ones merged."""
    found: list[_Marker] = []
    low = text.lower()
    # Case-insensitive scans run on the lowercase copy without IGNORECASE (twice as fast), when lowering kept
    # every offset.
    scan = low if len(low) == len(text) else text
    shot_label, framing_label, cut_rx = (_SHOT_LABEL_LOW, _FRAMING_LABEL_LOW, _CUT_LOW) if scan is low else \
        (_SHOT_LABEL, _FRAMING_LABEL, _CUT)
    leads = low if scan is low else lower_keeping_offsets(text)
    # Each marker kind needs a character or word the text may not have: skip the scans it cannot match.
    if any(k in low for k in ("shot", "scene", "clip", "panel", "镜头", "分镜", "カット", "컷")):
        for m in shot_label.finditer(scan, leads):
            found.append((m.start(), m.end(), True, True, None))
    if "[" in text or "【" in text:
        for m in _BRACKET_TC.finditer(text):
            end = _seconds(m.group(2)) if m.group(2) else None
            found.append((m.start(), m.end(), False, False, (_seconds(m.group(1)), end)))
    if _DIGIT_DASH.search(text):
        for m in _LINE_TC.finditer(text):
            found.append((m.start(1), m.end(2), False, False, (_seconds(m.group(1)), _seconds(m.group(2)))))
    if ":" in text:
        if _CLOCK.search(text):
            for m in _POINT_TC.finditer(text):
                found.append((m.start(1), m.end(1), False, False, (_seconds(m.group(1)), None)))
        if _FRAMING_COLON.search(low, low):
            for m in framing_label.finditer(scan):
                found.append((m.start(), m.end(), True, False, None))
    if any(k in low for k in ("cut", "switch", "dissolve", "fade", "ends ")):
        for m in cut_rx.finditer(scan, leads):
            found.append((m.start(), m.end(), True, False, None))
    found.sort()
    merged: list[_Marker] = []
    for s, e, cut, num, tm in found:
        # A marker within a few characters of the previous one belongs to it: "Shot 2 (0-3s): Cut to ...".
        if merged and s <= merged[-1][1] + 12 and not _line_break_between(text, merged[-1][1], s, tm):
            ps, pe, pcut, pnum, ptm = merged[-1]
            best = ptm if ptm is not None and (ptm[1] is not None or tm is None) else (tm or ptm)
            merged[-1] = (ps, max(pe, e), pcut or cut, pnum or num, best)
        else:
            merged.append((s, e, cut, num, tm))
    return merged


def _line_break_between(text: str, a: int, b: int, time: object) -> bool:
    return time is not None and "\n" in text[a:b]


def _segments(text: str, headers: list[tuple[int, int]]) -> list[Segment]:
    markers = [m for m in _markers(text) if m[0] > 0 or m[2] or m[4] is not None]
    if not markers:
        return [Segment(0, len(text), None, False, False, None)]
    out = []
    if markers[0][0] > 0 and text[:markers[0][0]].strip():
        out.append(Segment(0, markers[0][0], None, False, False, None))
    for i, (s, e, cut, num, tm) in enumerate(markers):
        end = markers[i + 1][0] if i + 1 < len(markers) else len(text)
        end = _cut_at_section(text, e, end, headers)
        out.append(Segment(s, end, (s, e), cut, num, tm))
    return out


def _cut_at_section(text: str, start: int, end: int, headers: list[tuple[int, int]]) -> int:
    """A section header ("[AUDIO]", "Constraints:") after a shot's text ends that shot."""
    for hs, _he in headers:
        if start < hs < end:
            return hs
    return end


def _opening(text: str, sh: Shape) -> tuple[int, int]:
    """The first sentence of content: after headers, line labels, references and bookkeeping."""
    skip = sorted(sh.headers + sh.ignored)
    pos = 0
    for m in _SENT.finditer(text):
        s, e = m.span()
        for hs, he in skip:
            if hs <= s < he:
                s = he
        if e <= s or not text[s:e].strip(" \t\n*#-:"):
            continue
        if s < pos:
            continue
        while s < e and text[s] in " \t*#-":
            s += 1
        return s, e
    return 0, 0


# --- JSON prompts -----------------------------------------------------------------------------

_JSON_TOKEN = rx.compile(r'"((?:[^"\\]|\\.)*)"|[{}\[\]:,]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null')


def _parse_json(text: str) -> Shape | None:
    """A JSON prompt: its string values are the prose; elements of "scenes"/"shots" are its segments.

    A hand-written tokenizer rather than ``json.loads`` because rules need each value's offsets in the text.
    """
    fields: list[Field] = []
    ignored: list[tuple[int, int]] = []
    headers: list[tuple[int, int]] = []
    segments: list[Segment] = []
    stack: list[list[object]] = []  # [kind, key, element start, shot-array?]
    key: str | None = None
    key_span = (0, 0)
    expect_key = False
    pos = 0
    for m in _JSON_TOKEN.finditer(text):
        if text[pos:m.start()].strip():
            return None  # not JSON after all: leave it to the prose parser
        pos = m.end()
        tok = m.group(0)
        if tok == "{":
            stack.append(["obj", key, m.start(), False])
            expect_key, key = True, None
        elif tok == "[":
            stack.append(["arr", key, m.start(), (key or "").lower() in _SHOT_KEYS])
            expect_key = False
        elif tok in "}]":
            if not stack:
                return None
            kind, k, start, _shot = stack.pop()
            if kind == "obj" and stack and stack[-1][0] == "arr" and stack[-1][3]:
                at = int(str(start))
                segments.append(Segment(at, m.end(), (at, at + 1), True, False, None))
            key = str(k) if k is not None else None
            expect_key = bool(stack) and stack[-1][0] == "obj"
        elif tok == ",":
            expect_key = bool(stack) and stack[-1][0] == "obj"
        elif tok == ":":
            expect_key = False
        elif m.group(1) is not None and expect_key:
            key, key_span = m.group(1), m.span()
            if not _PARAM_KEY.match(key):
                headers.append(m.span())  # a render parameter's key stays readable: SL050 reports it
            expect_key = False
        else:
            value_span = (m.start(1), m.end(1)) if m.group(1) is not None else m.span()
            parent = key if not (stack and stack[-1][0] == "arr") else str(stack[-1][1] or "")
            name = (parent or "").lower()
            fields.append(Field(parent or "", key_span, value_span))
            if name in _META_KEYS or _URL.fullmatch(text[value_span[0]:value_span[1]]):
                ignored.append(value_span)
            if re.fullmatch(r"\d{1,2}:\d{2}(?:\.\d+)?", parent or "") and stack and stack[-1][0] == "obj":
                t0 = _seconds(parent or "0")
                segments.append(Segment(key_span[0], value_span[1] + 1, key_span, False, False, (t0, None)))
    if stack or pos == 0 or text[pos:].strip():
        return None
    segments.sort(key=lambda s: s.start)
    if not segments:
        segments = [Segment(0, len(text), None, False, False, None)]
    sh = Shape("json", segments, headers, ignored, fields)
    sh.opening = _json_opening(text, fields, ignored)
    return sh


def _json_opening(text: str, fields: list[Field], ignored: list[tuple[int, int]]) -> tuple[int, int]:
    for f in fields:
        s, e = f.value_span
        value = text[s:e]
        if f.value_span in ignored or not re.search(r"[A-Za-z\u3040-\u9fff]{3}", value):
            continue
        m = _SENT.search(text, s, e)
        return (s, m.end()) if m else (s, e)
    return 0, 0


# --- queries rules share -------------------------------------------------------------------------

def style_keyed(ctx: LintContext) -> bool:
    """A JSON prompt with a "style"/"aesthetic" field sets its style as a parameter, not by word order."""
    sh = shape(ctx)
    return sh.kind == "json" and any(re.search(r"(?i)style|aesthetic|look\b|medium", f.key) for f in sh.fields)


def prose_value_spans(ctx: LintContext) -> list[tuple[int, int]]:
    """Text a rule should read as prose: JSON string values, or the whole text."""
    sh = shape(ctx)
    if sh.kind != "json":
        return [(0, len(ctx.text))]
    return [f.value_span for f in sh.fields if f.value_span not in sh.ignored]
