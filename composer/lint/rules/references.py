"""Attachments a prompt talks about: an "uploaded character" or "@Image1" with nothing attached.

A new module rather than params.py: the render-parameter checks there are rewritten from model profiles
(issue 15), while this rule reads the prompt's words.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity
from composer.lint.rules.structure import G002, G003

ASSUMED_REFERENCE = register(Rule(
    code="SL056", name="assumed-reference", severity=Severity.WARNING,
    summary="The prompt refers to an image, video or character that is not attached to the request.",
    why="\"An image can be provided as a visual reference. This locks in elements like character design, wardrobe, "
        "or set dressing for the first frame of the video, while the text prompt dictates the subsequent action.\" "
        "Without the attachment, \"the uploaded character\" is a name the model has never seen, and it invents one.",
    source=f"{G002} §Advanced Control Mechanisms (Image Input); {G003} §Latent Guidance (Image Reference Inputs)",
    bad="@Image1 character identity. The woman from the photo walks along the pier.",
    good="A woman in a yellow raincoat, short grey hair, walks along the pier.",
    fix_title="Attach the reference (the shot's reference image, or an uploaded character), or describe the subject "
              "in words.",
    scope=(fields.REFERENCE_IMAGE,), families=(EVERY_FAMILY,), reads_english=False,
))

# "@Image1", "@视频1", "the uploaded character", "this photo", "my cameo": each assumes something attached.
# Each branch opens with a literal so the engine can skip to candidates; word starts are checked by hand.
_ATTACHMENT = rx.compile(
    r"@(?:image|img|video|vid|audio|pic|photo|图片|视频|音频|图像)\s*\d*\b"
    r"|(?:the|this|my|our|your)\s+(?:uploaded|attached|provided|reference|referenced|input|given|supplied|source|"
    r"first[- ]frame|starting)\s+(?:image|photo|picture|character|frame|video|footage|clip|still|selfie|avatar)s?\b"
    r"|(?:this|the attached|my)\s+(?:image|photo|picture|selfie|drawing|sketch)\b"
    r"|my\s+(?:cameo|avatar|face|likeness)\b|cameo\s+avatar\b"
    r"|from\s+the\s+(?:photo|image|picture|reference)\b|in\s+the\s+reference\b"
    r"|animate\s+(?:this|the)\s+(?:image|photo|picture|still)\b")


# Words one of the attachment phrases needs: without any of them the long pattern need not run.
_TRIGGERS = ("@", "upload", "attach", "provided", "reference", "input", "given", "supplied", "source", "first",
             "starting", "cameo", "avatar", "likeness", "this image", "this photo", "this picture", "selfie",
             "the photo", "the image", "the picture", "animate", "my face", "drawing", "sketch", "still")


@ASSUMED_REFERENCE.check
def assumed_reference(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    low = t.lowered(ctx)
    if ctx.reference or not any(k in low for k in _TRIGGERS) or _characters_attached(ctx):
        return
    for m in _ATTACHMENT.finditer(low):  # on lowercase text
        at = m.start()
        before = low[at - 1] if at else " "
        if before.isalnum() or before == "_" or (before == "@" and low[at] == "@"):
            continue  # not at a word start ("email@image.com", "mythis")
        if not t.is_negated(ctx, at):
            yield rule.finding(ctx, f"'{ctx.text[m.start():m.end()]}' refers to an attachment, but none goes with "
                                    "this prompt", span=m.span())
            return


def _characters_attached(ctx: LintContext) -> bool:
    """A shot with an uploaded (Characters-API) character has its "cameo" attached."""
    if ctx.shot is None or ctx.project is None:
        return False
    return any((c := ctx.project.character(ref)) and c.remote_character_id for ref in ctx.shot.characters)
