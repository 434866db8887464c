"""JSON (the model itself) and batch JSONL (one render request per line, prompt = the exact assembled text)."""

from __future__ import annotations

import json

from composer.document.models import Project
from composer.errors import InputError, ProjectFileError
from composer.project.files import dumps as project_dumps
from composer.project.files import parse
from composer.prompt.assembly import assemble


def dumps(project: Project) -> str:
    return project_dumps(project)


def loads(text: str) -> Project:
    try:
        return parse(text, "<import>")
    except ProjectFileError as e:
        raise InputError(e.reason, hint=e.hint) from None


def dumps_jsonl(project: Project) -> str:
    lines = []
    for shot in project.shots:
        model, size, seconds, _layout = project.effective_render(shot)
        lines.append(json.dumps({"custom_id": shot.id, "method": "POST", "url": "/v1/videos",
                                 "body": {"model": model, "size": size, "seconds": str(seconds),
                                          "prompt": assemble(shot, project).text}}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
