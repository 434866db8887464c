"""Read a Fountain screenplay as leniently as the apps writers use (Highland, Fade In, Slugline, Beat).

Real files are messier than the spec (https://fountain.io/syntax): CRLF or lone CR endings, a BOM, tabs and
leading spaces, lowercase ``int.`` headings, ``EXT/INT.``, scene numbers, a blank line between a character cue
and its parenthetical or speech, emphasis, sections, synopses, multi-line notes and title-page values. This module
turns any of them into scenes of action paragraphs and dialogue lines; it knows nothing of Slate's shots.

Every step is one pass over the text (issue 19: a lazy regex over 40,000 unclosed ``[[`` took 213 s): blocks,
notes and emphasis are cut with ``str.find`` and hand-paired markers, never with backtracking patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"(?:INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\.?\s*/\s*E|INT|EXT|EST)(?:\.\s*|\s+)\S", re.IGNORECASE)
_SCENE_NUMBER = re.compile(r"\s#[\w.\-]+#$")
_TITLE_KEY = re.compile(r"[A-Za-z][A-Za-z ]*:")
_TITLE_KEYS = {"title", "credit", "author", "authors", "source", "draft date", "date", "contact", "copyright",
               "notes", "revision", "episode", "format"}
_PAGE_BREAK = re.compile(r"={3,}")
_TRANSITIONS = ("FADE IN:", "FADE IN.", "FADE OUT.", "FADE OUT:", "FADE OUT", "FADE TO BLACK.", "FADE TO BLACK:",
                "FADE TO BLACK", "CUT TO BLACK.", "CUT TO BLACK:", "INTERCUT WITH:", "BACK TO:")
_EMPHASIS = re.compile(r"(\\[*_]|\*{1,3}|_)")  # one token per marker: linear, no backtracking
_SENTENCE_END = (".", "!", "?", ":", ";", ",")
_CLOSERS = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")", "-", "\u2014", ":", "*", "_", "<")


@dataclass
class Speech:
    speaker: str
    emotion: str
    line: str


@dataclass
class Paragraph:
    """An action paragraph, with the ``[[at: …]]`` notes Slate writes beside a timed beat."""

    text: str
    line: int
    notes: list[str] = field(default_factory=list)


@dataclass
class Scene:
    heading: str | None  # None: the text before the first scene heading
    action: list[Paragraph] = field(default_factory=list)
    speech: list[Speech] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # writer's notes standing alone: (line, text)


@dataclass
class Screenplay:
    title_page: dict[str, str]
    scenes: list[Scene]
    boneyard: list[str]


def normalize(text: str) -> str:
    """One kind of line ending and no BOM: files from Windows (CRLF), classic Mac (CR) or mixed."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def cut(text: str, start: str, end: str) -> tuple[list[str], str]:
    """(the spans between ``start`` and ``end``, the text without them), in one pass like a lazy regex would."""
    inside: list[str] = []
    outside: list[str] = []
    i = 0
    while True:
        a = text.find(start, i)
        b = text.find(end, a + len(start)) if a >= 0 else -1
        if b < 0:
            outside.append(text[i:])
            return inside, "".join(outside)
        outside.append(text[i:a])
        inside.append(text[a + len(start):b])
        i = b + len(end)


def plain(text: str) -> str:
    """Text without Fountain emphasis (``*italic*``, ``**bold**``, ``_underline_``); ``\\*`` is a literal star.

    Markers pair up in order, an opener touching the next word and a closer touching the last one, so
    "2 * 3 * 4" and snake_case_names stay as written.
    """
    if "*" not in text and "_" not in text:
        return text
    marks = list(_EMPHASIS.finditer(text))
    drop: set[int] = set()
    open_at: dict[str, int] = {}
    for k, m in enumerate(marks):
        mark = m.group(0)
        if mark.startswith("\\"):
            continue
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        j = open_at.get(mark)
        if j is not None and before.strip() and not (mark == "_" and after.isalnum()):
            drop |= {j, k}
            del open_at[mark]
        elif after.strip() and not (mark == "_" and before.isalnum()):
            open_at[mark] = k
    out, i = [], 0
    for k, m in enumerate(marks):
        out.append(text[i:m.start()])
        if m.group(0).startswith("\\"):
            out.append(m.group(0)[1:])
        elif k not in drop:
            out.append(m.group(0))
        i = m.end()
    out.append(text[i:])
    return "".join(out)


def heading_text(line: str) -> str | None:
    """The scene a heading line names (scene number and emphasis removed, spaces tidied), or None."""
    s = line.strip()
    if s.startswith(".") and not s.startswith(".."):
        s = s[1:]
    elif not _HEADING.match(s):
        return None
    s = _SCENE_NUMBER.sub("", " " + plain(s)).strip()
    return " ".join(s.split()) or None


def cue(line: str) -> tuple[str, list[str]] | None:
    """(speaker, extensions) when ``line`` is a character cue: a name in capitals or forced with ``@``.

    Extensions are the parenthesised parts after the name, in any case: ``(V.O.)``, ``(cont'd)``, ``(on the
    radio)``; a trailing ``^`` marks dual dialogue.
    """
    s = line.strip()
    forced = s.startswith("@")
    if not forced and s.partition("(")[0].upper() != s.partition("(")[0]:
        return None  # most lines: lowercase in the name part, decided without the slower steps below
    s = plain(s).removeprefix("@").strip().removesuffix("^").strip()
    name, _, rest = s.partition("(")
    name = name.strip()
    if not name or (rest and not s.endswith(")")):
        return None
    if not forced and (name.endswith(":") or name.lower() == name and not any(c.isalpha() for c in name)):
        return None
    extensions = [e.strip() for e in re.findall(r"\(([^()]*)\)", "(" + rest) if e.strip()] if rest else []
    return name, extensions


def transition(line: str) -> bool:
    s = plain(line.strip())
    if s.startswith(">") and not s.endswith("<"):
        return True
    return s == s.upper() and any(c.isalpha() for c in s) and (s.endswith(("TO:", " CUT:")) or s in _TRANSITIONS)


def _centered(line: str) -> str | None:
    s = line.strip()
    return s[1:-1].strip() if s.startswith(">") and s.endswith("<") else None


def _blank(line: str) -> bool:
    return not line.strip()


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, numbered from 1. A line of two or more spaces between two others is part of its
    run (the spec's deliberate empty line in dialogue); any other whitespace-only line ends it."""
    out: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if line or (run and raw.startswith("  ") and not raw.strip(" ") and i + 1 < len(lines)
                    and not _blank(lines[i + 1])):
            run.append((i + 1, line))
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def _title_page(block: list[tuple[int, str]]) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Keys with their values (indented continuation lines joined), and what is left of the block after them."""
    page: dict[str, str] = {}
    key = ""
    for n, (_, line) in enumerate(block):
        if line[:1] in (" ", "\t") and key:
            value = plain(line.strip())
            page[key] = f"{page[key]} {value}".strip() if page[key] else value
            continue
        m = _TITLE_KEY.match(line)
        if not m:
            return page, block[n:]
        key = m.group(0)[:-1].strip().lower()
        page[key] = plain(line[m.end():].strip())
    return page, []


def _notes(block: list[tuple[int, str]]) -> tuple[list[str], list[tuple[int, str]]]:
    """Cut ``[[notes]]`` out of a block (a note may span its lines, never a blank one); drop note-only lines."""
    joined = "\n".join(line for _, line in block)
    if "[[" not in joined:
        return [], block
    notes, rest = cut(joined, "[[", "]]")
    kept: list[tuple[int, str]] = []
    # line numbers: a cut note removes whole lines only when it spanned them; number the rest from the block start
    first = block[0][0]
    for k, line in enumerate(rest.split("\n")):
        if line.strip():
            kept.append((min(first + k, block[-1][0]), line))
    return notes, kept


def _parenthetical(line: str) -> bool:
    s = line.strip()
    return s.startswith("(") and s.endswith(")")


def _is_structural(line: str) -> bool:
    """A line that starts something other than speech: it never continues a cue across a blank line."""
    s = line.strip()
    return (heading_text(s) is not None or transition(s) or cue(s) is not None or _centered(s) is not None
            or s.startswith(("#", "=", "!", "~", "[[")) or bool(_PAGE_BREAK.fullmatch(s)))


def read(text: str, *, title_page: bool = True) -> Screenplay:
    """Parse ``text`` into its title page, scenes (action and speech in order) and boneyard contents."""
    boneyard, text = cut(normalize(text), "/*", "*/")
    blocks = _blocks(text.split("\n"))
    page: dict[str, str] = {}
    key = _TITLE_KEY.match(blocks[0][0][1]) if title_page and blocks else None
    if key and key.group(0)[:-1].strip().lower() in _TITLE_KEYS:  # "FADE IN:" first is no title page
        page, rest = _title_page(blocks[0])
        blocks[0:1] = [rest] if rest else []
    known = _known_speakers(blocks)
    scenes: list[Scene] = [Scene(heading=None)]
    pending = list(reversed(blocks))  # a stack: a block's leftover lines go back on top
    before = ""  # the last line of the paragraph before, to tell a name inside a sentence from a cue
    while pending:
        raw = pending.pop()
        notes, block = _notes(raw)
        scene = scenes[-1]
        if not block:
            scene.notes += [(raw[0][0], note) for note in notes]
            continue
        n, first = block[0]
        s = first.strip()
        rest = block[1:]
        kind = ""
        if _PAGE_BREAK.fullmatch(s) or s.startswith("#") or (s.startswith("=") and not s.startswith("==")):
            pass  # page breaks, sections and synopses are the writer's outline, not the film
        elif (head := heading_text(s)) is not None:
            scenes.append(Scene(heading=head))
            scenes[-1].notes += [(n, note) for note in notes]
            notes = []
        elif transition(s) and not s.startswith(("!", "@")):
            pass
        elif (not s.startswith(("!", ">")) and (who := cue(s)) is not None
              and (rest or _lenient_cue(who, pending, known, before))):
            if not rest:  # a blank line between the cue and its parenthetical or speech
                more, rest = _notes(pending.pop())
                notes += more
            _speech(scene, who, rest, pending)
            rest = []
        else:
            _action(scene, block, notes)
            notes, rest, kind = [], [], "action"
        scene.notes += [(n, note) for note in notes]
        before = block[-1][1] if kind == "action" else ""
        if rest:
            pending.append(rest)
    if scenes[0].heading is None and not (scenes[0].action or scenes[0].speech):
        scenes.pop(0)
    return Screenplay(title_page=page, scenes=scenes, boneyard=boneyard)


def _known_speakers(blocks: list[list[tuple[int, str]]]) -> set[str]:
    """Names that head a speech without doubt somewhere in the file (speech right under the cue, or a
    parenthetical after a blank line): evidence that the same name alone on a line, a blank line before its
    speech, is a cue too."""
    out: set[str] = set()
    for k, block in enumerate(blocks):
        who = cue(block[0][1])
        if who is not None and (len(block) > 1 or (k + 1 < len(blocks) and _parenthetical(blocks[k + 1][0][1]))):
            out.add(who[0])
    return out


def _lenient_cue(who: tuple[str, list[str]], pending: list[list[tuple[int, str]]], known: set[str],
                 before: str) -> bool:
    """A cue alone, then a blank line: speech follows if a parenthetical comes next, or if the name is known to
    speak (or carries an extension) and a sentence starts next (Highland and Beat read both as dialogue).

    Not when the name finishes the sentence before it or the next paragraph carries that sentence on: Big Fish
    writes "Edward turns to see" / "KARL" / "to his right, coming down the larger, paved road." as one action.
    """
    if not pending:
        return False
    nxt = pending[-1][0][1].strip()
    if _parenthetical(nxt):
        return True
    name, extensions = who
    mid_sentence = nxt[:1].islower() or (before != "" and not before.rstrip().endswith(_CLOSERS))
    return ((name in known or bool(extensions)) and not name.endswith(_SENTENCE_END) and not mid_sentence
            and not _is_structural(nxt))


def _speech(scene: Scene, who: tuple[str, list[str]], lines: list[tuple[int, str]],
            pending: list[list[tuple[int, str]]]) -> None:
    """Add the dialogue lines of one cue; a parenthetical after speech starts a new line with its own emotion.
    A parenthetical that ends the block takes the next paragraph as its speech (a blank line between them)."""
    speaker, extensions = who
    tags = [e for e in extensions if not e.upper().replace("’", "'").startswith(("CONT", "MORE"))]
    emotion: list[str] = []
    spoken: list[str] = []

    def flush() -> None:
        if spoken:
            scene.speech.append(Speech(speaker=speaker, emotion=", ".join(tags + ["; ".join(emotion)] if emotion
                                                                              else tags), line=" ".join(spoken)))

    lines = list(lines)
    k = 0
    while k < len(lines):
        text = plain(lines[k][1].strip())
        if _parenthetical(text):
            if spoken:
                flush()
                spoken, emotion = [], []
            emotion.append(text[1:-1].strip())
            if k == len(lines) - 1 and pending and not _is_structural(pending[-1][0][1]):
                lines.extend(_notes(pending.pop())[1])
        elif text:
            spoken.append(text.removeprefix("~").strip())
        k += 1
    flush()


def _action(scene: Scene, block: list[tuple[int, str]], notes: list[str]) -> None:
    parts = []
    for k, (_, line) in enumerate(block):
        s = line.strip()
        centered = _centered(s)
        if centered is not None:
            s = centered
        elif k == 0 and s.startswith("!"):
            s = s[1:]
        elif s.startswith("~"):
            s = s[1:].strip()
        parts.append(plain(s))
    text = " ".join(p for p in parts if p)
    if text:
        scene.action.append(Paragraph(text=text, line=block[0][0], notes=notes))
    else:
        scene.notes += [(block[0][0], note) for note in notes]
