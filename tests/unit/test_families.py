"""Guide families: any model name (native id or gateway alias) -> the prompting guide its lint rules follow."""

from __future__ import annotations

import subprocess
import sys

import pytest

from composer.catalog.families import guide_family
from composer.lint.engine import lint_text


@pytest.mark.parametrize(("model", "family"), [
    ("sora-2", "sora"), ("sora-2-pro", "sora"), ("openai/sora-2", "sora"), ("azure/sora-2-pro", "sora"),
    ("veo-3.1-generate-preview", "veo"), ("gemini/veo-3.1-fast-generate-preview", "veo"),
    ("vertex_ai/veo-3.0-generate-001", "veo"), ("gen4_turbo", "runway"), ("runwayml/gen4_turbo", "runway"),
    ("seedance-1-0-pro", "seedance"), ("byteplus/seedance-2.0", "seedance"), ("kling-v2-6", "kling"),
    ("fal_ai/fal-ai/kling-video/v2.1/master", "kling"), ("wan2.2-t2v", "wan"), ("ltx-2", "ltx"),
    ("Sora-2", "sora"), ("mystery-model", None), ("", None), (None, None),
])
def test_model_names_resolve_to_their_guide_family(model: str | None, family: str | None) -> None:
    assert guide_family(model) == family


def _codes(text: str, model: str) -> set[str]:
    return {f.code for f in lint_text(text, model=model)}


def test_a_sora_only_rule_runs_for_sora_and_not_for_veo_or_an_unknown_model() -> None:
    text = "a person walking down a street at night"  # no style first: SL001 is Sora's main rule
    assert "SL001" in _codes(text, "sora-2")
    assert "SL001" not in _codes(text, "veo-3.1-generate-preview")
    assert "SL001" not in _codes(text, "mystery-model")


def test_an_unknown_model_runs_every_family_and_generic_craft_rules_only() -> None:
    text = "A woman walks down a street."
    codes = _codes(text, "mystery-model")
    assert "SL002" in codes  # generic craft: runs for unknown models (unknown_family=True)
    assert "SL003" in codes  # every family
    assert "SL030" not in codes  # sound: only families whose models make audio


def test_runway_skips_the_rules_its_image_makes_moot() -> None:
    text = "A woman walks down a street."
    assert "SL002" in _codes(text, "sora-2")
    assert "SL002" not in _codes(text, "gen4_turbo")


def test_linting_pasted_text_imports_no_pydantic_model() -> None:
    """`slate lint FILE` starts fast because free-text lint never imports the document models."""
    code = ("import sys; from composer.lint.engine import lint_text; lint_text('Wide shot, a red kite.'); "
            "bad = [m for m in ('pydantic', 'composer.document.models', 'openai', 'av') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_slate_lint_cli_imports_no_plugin_or_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The CLI's lint path builds only the core parsers: no plugin (render/queue/exchange), pydantic or PyAV."""
    prompt = tmp_path / "p.txt"
    prompt.write_text("Wide shot, a red kite over a beach at dusk. The camera pans left.", encoding="utf-8")
    code = ("import sys; from composer.cli.main import main; main(['lint', sys.argv[1], '--model', 'veo-3.1']); "
            "bad = [m for m in ('pydantic', 'composer.document.models', 'composer.queue', 'composer.cli.render', "
            "'openai', 'av') if m in sys.modules]; print(bad); sys.exit(3 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code, str(prompt)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
