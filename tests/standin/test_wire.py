"""The real openai SDK, unmodified, against the stand-in over loopback HTTP."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import av
import httpx
import openai
import pytest
from PIL import Image

from composer.errors import InputError
from composer.standin.faults import Faults
from composer.standin.server import StandinThread, serve
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_create_poll_download_all_variants(sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = sdk.videos.create(prompt="A red kite over dunes", seconds="4", size="1280x720")
    assert v.status == "queued" and v.seconds == "4" and v.id.startswith("video_") and len(v.id) == 54
    done = sdk.videos.poll(v.id, poll_interval_ms=20)
    assert done.status == "completed" and done.progress == 100 and done.expires_at > done.completed_at
    with sdk.videos.with_streaming_response.download_content(v.id, variant="video") as r:
        r.stream_to_file(tmp_path / "v.mp4")
    with av.open(str(tmp_path / "v.mp4")) as c:
        assert abs(float(c.duration / 1e6) - 4) < 0.2
    assert Image.open(io.BytesIO(sdk.videos.download_content(v.id, variant="thumbnail").content)).format == "WEBP"
    assert Image.open(io.BytesIO(sdk.videos.download_content(v.id, variant="spritesheet").content)).format == "JPEG"


def test_list_auto_paginates_across_pages(sdk) -> None:  # type: ignore[no-untyped-def]
    ids = {sdk.videos.create(prompt=f"p{i}", size="1280x720").id for i in range(5)}
    assert {v.id for v in sdk.videos.list(limit=2)} == ids


def test_remix_edit_extend_and_limits(sdk) -> None:  # type: ignore[no-untyped-def]
    v = sdk.videos.create_and_poll(prompt="A lighthouse", seconds="8", size="1280x720", poll_interval_ms=20)
    r = sdk.videos.remix(v.id, prompt="same shot, switch to 85 mm")
    assert r.remixed_from_video_id == v.id and r.seconds == "8"
    e = sdk.post("/videos/edits", body={"prompt": "make it dusk", "video": {"id": v.id}}, cast_to=openai.types.Video)
    assert e.status == "queued"
    cur = v
    for _ in range(6):
        cur = sdk.post("/videos/extensions", body={"prompt": "continue", "seconds": "12", "video": {"id": cur.id}},
                       cast_to=openai.types.Video)
        cur = sdk.videos.poll(cur.id, poll_interval_ms=20)
    assert cur.seconds == str(8 + 12 * 6) or int(cur.seconds) <= 120
    with pytest.raises(openai.BadRequestError, match="extended at most"):
        for _ in range(2):
            cur = sdk.post("/videos/extensions", body={"prompt": "more", "seconds": "12", "video": {"id": cur.id}},
                           cast_to=openai.types.Video)
            cur = sdk.videos.poll(cur.id, poll_interval_ms=20)


def test_characters_and_delete(sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = sdk.videos.create_and_poll(prompt="x", size="1280x720", poll_interval_ms=20)
    with sdk.videos.with_streaming_response.download_content(v.id) as r:
        r.stream_to_file(tmp_path / "c.mp4")
    c = sdk.videos.create_character(name="Mossy", video=("c.mp4", (tmp_path / "c.mp4").read_bytes(), "video/mp4"))
    assert c.id.startswith("char_") and sdk.videos.get_character(c.id).name == "Mossy"
    assert sdk.videos.delete(v.id).deleted
    with pytest.raises(openai.NotFoundError):
        sdk.videos.retrieve(v.id)


def test_validation_errors_have_the_api_shape(sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(openai.BadRequestError) as e:
        sdk.videos.create(prompt="x", size="640x480")
    assert e.value.code == "invalid_value" and e.value.param == "size" and "Supported values" in e.value.message
    with pytest.raises(openai.BadRequestError) as e:
        sdk.videos.create(prompt="x", seconds="7", size="1280x720")
    assert e.value.param == "seconds"
    buf = io.BytesIO()
    Image.new("RGB", (640, 480)).save(buf, "PNG")
    with pytest.raises(openai.BadRequestError, match="must match the requested width and height"):
        sdk.videos.create(prompt="x", size="1280x720", input_reference=("ref.png", buf.getvalue(), "image/png"))


def test_missing_or_bad_key_is_401_with_the_api_code(start_standin: Start) -> None:
    s = start_standin(bad_key="sk-revoked")
    r = httpx.get(s.base_url + "/videos")  # no Authorization header at all
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
    c = openai.OpenAI(api_key="sk-revoked", base_url=s.base_url, max_retries=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(openai.AuthenticationError):
            c.videos.list()


def test_idempotency_key_replay_returns_the_first_job(sdk, standin: StandinThread) -> None:  # type: ignore[no-untyped-def]
    h = {"Idempotency-Key": "slate-abc"}
    a = sdk.videos.create(prompt="once", size="1280x720", extra_headers=h)
    b = sdk.videos.create(prompt="once", size="1280x720", extra_headers=h)
    assert a.id == b.id and stats(standin)["creates_by_prompt"]["once"] == 1


def test_restart_keeps_acknowledged_jobs(start_standin: Start, tmp_path: Path) -> None:
    s1 = start_standin(state_dir=tmp_path / "st")
    c = openai.OpenAI(api_key="k", base_url=s1.base_url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        vid = c.videos.create(prompt="survive", size="1280x720").id
        s1.stop()
        s2 = start_standin(state_dir=tmp_path / "st")
        c2 = openai.OpenAI(api_key="k", base_url=s2.base_url)
        assert c2.videos.poll(vid, poll_interval_ms=20).status == "completed"


def test_faults_grammar_and_moderation(start_standin: Start) -> None:
    s = start_standin(faults="moderation:keyword=forbidden,500@create:first=1")
    c = openai.OpenAI(api_key="k", base_url=s.base_url, max_retries=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(openai.InternalServerError):
            c.videos.create(prompt="first", size="1280x720")
        v = c.videos.create(prompt="a forbidden scene", size="1280x720")
        done = c.videos.poll(v.id, poll_interval_ms=20)
    assert done.status == "failed" and done.error.code == "moderation_blocked"
    with pytest.raises(InputError, match="unknown fault"):
        Faults.parse("418:0.5")


def test_sdk_retries_reads_but_a_create_with_max_retries_0_goes_once(start_standin: Start) -> None:
    s = start_standin(faults="500@poll:first=1,503@create:first=1")
    c = openai.OpenAI(api_key="k", base_url=s.base_url, max_retries=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(openai.InternalServerError):
            c.with_options(max_retries=0).videos.create(prompt="paid", size="1280x720")
        assert stats(s)["create_requests"] == 0 and stats(s)["creates"] == 0
        v = c.videos.create(prompt="ok", size="1280x720")
        assert c.videos.retrieve(v.id).id == v.id  # the first poll got a 500 and the SDK retried


def test_non_loopback_host_is_refused() -> None:
    from composer.standin.app import StandinConfig

    with pytest.raises(InputError, match="loopback only"):
        serve(StandinConfig(), "0.0.0.0", 1)
