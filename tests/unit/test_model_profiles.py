"""Model profiles: the shipped files load, every figure cites a dated source, names resolve (aliases too), a
mistake in a file names file, key and problem, porting maps to the nearest allowed values (undoable), and the
done-when CLI checks of issue 15."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from composer import resources
from composer.catalog import families, pricing
from composer.catalog.loader import ProfileError, catalog, load_dir, lookup
from composer.catalog.porting import port_shot
from composer.catalog.profiles import GUIDE_FAMILIES, nearest_size, size_label
from composer.document.edits import SetField
from composer.document.models import Project, RenderSettings, Shot
from composer.lint.engine import lint_shot
from composer.project import files as project_file

SHIPPED = resources.path("models")


def slate_lint(*args: str) -> tuple[int, str]:
    r = subprocess.run([sys.executable, "-m", "composer", "lint", "-", *args], input="A lighthouse at dawn.",
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def test_done_when_veo_at_8_seconds_720p_has_no_error() -> None:
    code, out = slate_lint("--model", "veo-3.1", "--seconds", "8", "--size", "1280x720")
    assert code == 0 and "(0 errors)" in out, out


def test_done_when_veo_at_12_seconds_is_an_invalid_seconds_error() -> None:
    code, out = slate_lint("--model", "veo-3.1", "--seconds", "12", "--size", "1280x720", "--format", "json")
    assert code == 1 and '"code": "SL052"' in out and '"severity": "error"' in out


def test_done_when_sora_2_is_an_error_naming_its_successor() -> None:
    code, out = slate_lint("--model", "sora-2")
    assert code == 1 and "SL057 retired-model" in out and "veo-3.1" in out and "2026-09-24" in out


def test_done_when_an_unknown_model_is_a_warning_not_an_error() -> None:
    code, out = slate_lint("--model", "acme-video-9", "--format", "json")
    assert code == 0 and '"code": "SL058"' in out and '"severity": "warning"' in out


def test_the_issue_minimum_is_profiled_with_a_dated_source_for_every_figure() -> None:
    for name in ("sora-2", "sora-2-pro", "veo-3.1", "veo-3.1-fast", "gen4_turbo", "gen4.5", "seedance-2.0",
                 "kling-v2.5-turbo-pro", "wan2.2-t2v-a14b", "ltx-2"):
        p = lookup(name)
        assert p is not None, name
        assert p.guide in GUIDE_FAMILIES
        for what in ("durations", "sizes", "audio", "prices", "prompt_max_chars", "status"):
            src = p.source_of(what)
            assert src.url.startswith("http") and src.read.year >= 2026, (name, what)
    assert lookup("sora-2").retired and lookup("sora-2").successor == "veo-3.1"  # type: ignore[union-attr]


@pytest.mark.parametrize(("alias", "native"), [("vertex_ai/veo-3.1-generate-001", "veo-3.1"),
                                               ("gemini/veo-3.1-fast-generate-preview", "veo-3.1-fast"),
                                               ("runwayml/gen4_turbo", "gen4_turbo"), ("OPENAI/SORA-2", "sora-2"),
                                               ("Wan-AI/Wan2.2-T2V-A14B-Diffusers", "wan2.2-t2v-a14b"),
                                               ("byteplus/dreamina-seedance-2-0-260128", "seedance-2.0")])
def test_gateway_aliases_resolve_to_their_profile(alias: str, native: str) -> None:
    assert lookup(alias) is not None and lookup(alias).name == native  # type: ignore[union-attr]


def test_guide_family_comes_from_the_profiles_and_their_prefixes() -> None:
    assert families.guide_family("runwayml/gen4_turbo") == "runway"
    assert families.guide_family("gemini/veo-3.0-generate-001") == "veo"  # not profiled: the family's prefix
    assert families.guide_family("hosted_vllm/Wan-AI/Wan2.2-TI2V-5B") == "wan"
    assert families.guide_family("acme-video-9") is None and families.guide_family(None) is None


def test_prices_come_from_the_profile_and_an_unknown_one_is_none() -> None:
    assert pricing.estimate_cost("veo-3.1", "1280x720", 8) == 3.2
    assert pricing.estimate_cost("veo-3.1-fast", "1920x1080", 4) == 0.48
    assert pricing.estimate_cost("kling-v2.5-turbo-pro", "1920x1080", 5) is None
    assert pricing.estimate_cost("acme-video-9", "1280x720", 8) is None
    assert pricing.estimate_cost("ltx-2", "768x512", 4) == 0.0  # self-hosted: no vendor price
    assert pricing.format_cost(None) == "price unknown"


def _broken(tmp_path: Path, old: str, new: str, file: str = "veo.toml") -> Path:
    folder = tmp_path / "models"
    shutil.copytree(SHIPPED, folder)
    text = (folder / file).read_text()
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ("durations = [4, 6, 8]", 'durations = ["four"]', "models.veo-3.1.durations.0", "integer"),
    ('sizes = ["1280x720", "720x1280", "1920x1080", "1080x1920"]', 'sizes = ["1280*720"]', "models.veo-3.1.sizes",
     "WIDTHxHEIGHT"),
    ('default = "vertex-veo31"', 'default = "nowhere"', "models.veo-3.1.source.default", "unknown source"),
    ('status = "active"', 'status = "retired"', "models.veo-3.1", "retired_on and successor"),
    ('guide = "veo"', 'guide = "vimeo"', "guide", "not a guide family"),
    ("negative_prompt = true", "negative_promt = true", "models.veo-3.1.negative_promt", "Extra inputs"),
    ('prices = [{ per_second = 0.40', 'prices = [{ per_second = -1', "models.veo-3.1.prices.0.per_second", "0"),
    ('family = "veo"', 'family = "veo"\n[bad', "(syntax)", ""),
])
def test_a_mistake_in_a_profile_file_names_file_key_and_problem(tmp_path: Path, old: str, new: str, key: str,
                                                                  problem: str) -> None:
    with pytest.raises(ProfileError) as e:
        load_dir(_broken(tmp_path, old, new))
    assert e.value.file == "veo.toml" and e.value.key == key and problem in e.value.problem, str(e.value)
    assert "veo.toml" in str(e.value) and e.value.hint


def test_a_duplicate_name_across_files_and_a_dangling_successor_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="'veo-3.1-generate-001' is already used in runway.toml"):
        load_dir(_broken(tmp_path / "a", '"gen4-turbo"', '"veo-3.1-generate-001"', "runway.toml"))
    with pytest.raises(ProfileError, match="successor 'veo-9' is not a profiled model"):
        load_dir(_broken(tmp_path / "b", 'successor = "veo-3.1"', 'successor = "veo-9"', "sora.toml"))


def test_a_broken_profile_stops_the_cli_with_exit_2_and_the_file_named(tmp_path: Path) -> None:
    folder = _broken(tmp_path, "durations = [4, 6, 8]", "durations = []")
    res = tmp_path / "res"
    shutil.copytree(resources.root(), res, ignore=shutil.ignore_patterns("models"))
    shutil.copytree(folder, res / "models")
    r = subprocess.run([sys.executable, "-m", "composer", "lint", "-"], input="A kite.", capture_output=True,
                       text=True, timeout=120, env={**__import__("os").environ, "SLATE_RESOURCES": str(res)})
    assert r.returncode == 2 and "veo.toml: models.veo-3.1.durations" in r.stderr and "Traceback" not in r.stderr


def test_port_maps_to_the_nearest_allowed_values_reports_it_and_undoes() -> None:
    p = Project(shots=[Shot(id="s", render=RenderSettings(model="sora-2-pro", size="1792x1024", seconds=12,
                                                          negative_prompt="text"))])
    before = p.model_copy(deep=True)
    port = port_shot(p, "s", "gen4_turbo")
    assert port.changes == ("model sora-2-pro → gen4_turbo", "seconds 12 → 10", "size 1792x1024 → 1280x720")
    assert port.dropped == ("negative_prompt",)
    port.edit.apply(p)
    assert p.effective_render(p.shots[0])[:3] == ("gen4_turbo", "1280x720", 10)
    assert not [f for f in lint_shot(p.shots[0], p, select=["SL051", "SL052", "SL057"])]
    port.edit.inverse().apply(p)
    assert p == before
    veo = port_shot(p, "s", "veo-3.1")
    assert veo.changes == ("model sora-2-pro → veo-3.1", "seconds 12 → 8", "size 1792x1024 → 1920x1080")
    assert isinstance(port_shot(p, "s", "veo-3.1").edit.edits[0], SetField)  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="no profile for 'acme-video-9'"):
        port_shot(p, "s", "acme-video-9")


def test_a_project_made_for_sora_2_opens_unchanged_and_says_so(tmp_path: Path) -> None:
    old = Project(name="Old", shots=[Shot(id="s", subject="A kite.")])
    old.defaults.model = "sora-2"
    path = tmp_path / "old.slate"
    path.write_text(project_file.dumps(old).replace('"veo-3.1"', '"sora-2"'))
    raw = path.read_bytes()
    loaded = project_file.load(path)
    assert loaded.defaults.model == "sora-2" and path.read_bytes() == raw
    [finding] = [f for f in lint_shot(loaded.shots[0], loaded) if f.code == "SL057"]
    assert "veo-3.1" in finding.message and finding.severity == "error"


def test_size_labels_and_nearest_sizes() -> None:
    assert size_label("1280x720") == "1280x720 (16:9, 720p)" and size_label("720x1280") == "720x1280 (9:16, 720p)"
    assert nearest_size("1280x720", lookup("ltx-2").sizes) == "1280x704"  # type: ignore[union-attr]
    assert nearest_size("720x1280", ("1280x720", "1920x1080")) == "1280x720"  # no portrait: closest landscape


def test_the_shipped_catalog_is_what_load_dir_reads() -> None:
    assert [p.name for p in catalog().profiles] == [p.name for p in load_dir(SHIPPED).profiles]


def test_the_stamp_matches_the_shipped_files_and_an_edited_file_is_validated_in_full(tmp_path: Path) -> None:
    from composer.catalog import loader

    shipped = sorted(SHIPPED.glob("*.toml"))
    stamp = (SHIPPED / loader.STAMP).read_text().strip()
    assert stamp == loader.digest([(f.name, f.read_bytes()) for f in shipped]), \
        "resources/models changed: run python -m composer.catalog.loader --stamp"
    folder = _broken(tmp_path, "negative_prompt = true", "negative_promt = true")  # the copy keeps the old stamp
    assert (folder / loader.STAMP).exists()
    with pytest.raises(ProfileError, match="negative_promt"):
        load_dir(folder)


def test_linting_a_pasted_prompt_loads_the_shipped_profiles_without_pydantic() -> None:
    code = ("import sys; from composer.lint.engine import lint_text; lint_text('A kite.', model='veo-3.1'); "
            "print('pydantic' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "False", r.stdout + r.stderr
