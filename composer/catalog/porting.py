"""'Port this shot to …': move a shot to another model, fitting its duration and size to what that model allows.

Returns one reversible Edit (a Batch of SetFields, so one undo step) and the list of changes in words, so the UI
can show what changed before and after. Parameters the new model does not take stay in the shot (a later port
back brings them back) but are no longer sent: the request only carries what the profile takes.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.catalog.loader import lookup
from composer.catalog.profiles import nearest_seconds, nearest_size
from composer.document import fields
from composer.document.edits import Batch, Edit, SetField
from composer.document.models import Project
from composer.errors import InputError


@dataclass(frozen=True)
class Port:
    edit: Edit
    changes: tuple[str, ...]  # "seconds 12 → 8", ...; empty lines never
    dropped: tuple[str, ...]  # parameters set on the shot that the new model does not take


def port_shot(project: Project, shot_id: str, model: str) -> Port:
    """The edit that moves ``shot_id`` to ``model`` (a profiled model: its limits are what the port maps to)."""
    target = lookup(model)
    if target is None:
        raise InputError(f"no profile for '{model}', so Slate cannot map its durations and sizes",
                         hint="Pick a profiled model, or type the model into Render settings yourself.")
    shot = project.shot(shot_id)
    old_model, size, seconds, _ = project.effective_render(shot)
    new_seconds = nearest_seconds(seconds, target.durations) or seconds
    new_size = nearest_size(size, target.sizes) or size
    edits: list[Edit] = [SetField(shot_id, str(fields.RENDER_MODEL), target.name)]
    changes = [f"model {old_model} → {target.name}"]
    if new_seconds != seconds:
        edits.append(SetField(shot_id, str(fields.RENDER_SECONDS), new_seconds))
        changes.append(f"seconds {seconds} → {new_seconds}")
    if new_size != size:
        edits.append(SetField(shot_id, str(fields.RENDER_SIZE), new_size))
        changes.append(f"size {size} → {new_size}")
    r = shot.render
    set_params = {"negative_prompt": r.negative_prompt, "seed": r.seed, "audio": r.audio,
                  "reference_image": shot.reference_image, "end_frame": r.end_frame}
    dropped = tuple(k for k, v in set_params.items() if v not in (None, "") and k not in target.params)
    return Port(Batch(edits, f"Port shot to {target.label}"), tuple(changes), dropped)
