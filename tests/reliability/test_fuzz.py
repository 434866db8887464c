"""Fuzz every entry point: no traceback, exit 2 with a sentence, nothing half-written (issue 19, point 10).

Entry points: project load, each importer (CSV, Fountain, JSON), bundle import, each HTTP answer the backend parses
(create, retrieve, list, download — through the real SDK from a real server on loopback), and the CLI's argument
handling. Inputs are built from the shapes that broke before (huge numbers, notes, odd zip entries, HTML, lists),
not only random bytes, so small example counts still reach the parsers' corners.

Default counts keep the suite fast; ``SLATE_FUZZ_EXAMPLES=N`` sets every count (nightly size: 10000). Each test
counts what it ran in ``RUNS`` (printed with -s, for docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import string
import zipfile
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.cli.main import main
from composer.errors import SlateError
from composer.project import files as project_file
from composer.queue.backends.base import CreateRequest
from composer.queue.jobs import JobState
from composer.queue.store import Store
from composer.queue.worker import Worker
from tests.reliability.rogue import Answer, Rogue
from tests.sdk_waits import scale_sdk_retry_waits

pytestmark = pytest.mark.reliability
N = int(os.environ.get("SLATE_FUZZ_EXAMPLES", "0"))
RUNS: Counter[str] = Counter()
EXIT_BUG = 70  # composer.cli.main.EXIT_BUG: the last-resort handler caught what would have been a traceback


def _settings(default: int) -> settings:
    return settings(max_examples=N or default, deadline=None, derandomize=not N,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much, HealthCheck.data_too_large])


def _cli(argv: list[str]) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, out=out)
    return code, err.getvalue()


def _clean_exit(code: int, err: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    assert code != EXIT_BUG, err  # the last-resort handler caught a traceback: that is a bug found
    assert code in allowed, (code, err)
    assert "Traceback" not in err
    if code == 2:
        assert (err.startswith("slate: ") or "error: " in err) and len(err.strip()) > 20, err  # argparse: usage+error


# --- text pieces that broke parsers before ------------------------------------------------------
NASTY = st.sampled_from(["9" * 5000, "NaN", "Infinity", "-1e309", "[[", "]]", "[[at: 5000-6000]]", '[[slate: "hello"]]',
                         "[[slate: []]]", "[[slate: {\"id\": 5}]]", "/*", "*/", "@", "INT. ", "EXT. HALL - DAY", "\x00",
                         "\ufeff", "|", " @1-2", "\r", "\u202e", "a" * 25_000, "((", "^", "TO:", "null", "{", "}",
                         '"', ",", "\t", "../../etc/passwd", "/abs/path", "C:\\x"])
PIECE = st.one_of(NASTY, st.text(max_size=40), st.text(string.ascii_uppercase + " .()", max_size=30))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4),
                    max_leaves=25)


def _project_json(draw: st.DrawFn) -> str:
    """A real project with some fields replaced by hostile values, or hostile JSON outright."""
    base = json.loads(project_file.dumps(project_file.load(project_file.examples()[0])))
    if draw(st.booleans()):
        return json.dumps(draw(JSON))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["name", "defaults", "shots", "characters", "schema_version", "lint_config",
                                      "style_spine"]))
        base[where] = draw(JSON)
    text = json.dumps(base)
    return text.replace('"sora-2"', draw(NASTY)) if draw(st.booleans()) else text


@_settings(60)
@given(data=st.data())
def test_fuzz_project_load(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("load")
    path = folder / "p.slate"
    raw = data.draw(st.one_of(st.composite(_project_json)().map(str.encode), st.binary(max_size=300)))
    path.write_bytes(raw)
    code, err = _cli(["assemble", str(path)])
    _clean_exit(code, err)
    assert path.read_bytes() == raw, "loading never writes"
    RUNS["project load (slate assemble)"] += 1


@st.composite
def _csv(draw: st.DrawFn) -> str:
    cols = draw(st.lists(st.sampled_from(["id", "title", "subject", "beats", "palette", "dialogue", "seconds", "size",
                                          "layout", "model", "characters", "lighting", "avoid", "extra", ""]),
                         min_size=1, max_size=8))
    if draw(st.booleans()):
        cols.append("subject")
    rows = draw(st.lists(st.lists(PIECE, min_size=0, max_size=len(cols) + 1), max_size=6))
    q = lambda v: '"' + v.replace('"', '""') + '"' if draw(st.booleans()) else v  # noqa: E731
    return "\n".join([",".join(cols), *(",".join(q(v) for v in r) for r in rows)])


@st.composite
def _fountain(draw: st.DrawFn) -> str:
    kinds = st.one_of(st.sampled_from(["A door opens. [[at: 5000-6000]]", '[[slate: "hello"]]', "[[slate: [1]]]",
                                       "A beat. [[at: nan-inf]]", "[[slate: {\"beats\": 5}]]"]),
                      st.builds(lambda p: f"INT. {p}", PIECE), st.builds(lambda p: f".{p}", PIECE),
                      st.builds(lambda p: p.upper(), PIECE), st.builds(lambda p: f"@{p}", PIECE),
                      st.builds(lambda p: f"({p})", PIECE), st.builds(lambda j: f"[[slate: {json.dumps(j)}]]", JSON),
                      st.builds(lambda a, b: f"A beat. [[at: {a}-{b}]]", PIECE, PIECE), PIECE, st.just(""))
    head = draw(st.sampled_from(["", "Title: A film\nCredit: me\n\n", "Title:\n\n", "   :\n"]))
    return head + "INT. HALL - DAY\n\n" + "\n\n".join(draw(st.lists(kinds, max_size=14)))


@pytest.mark.parametrize("kind", ["csv", "fountain", "json"])
@_settings(40)
@given(data=st.data())
def test_fuzz_each_importer(tmp_path_factory: pytest.TempPathFactory, kind: str, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("imp")
    text = data.draw({"csv": _csv(), "fountain": _fountain(), "json": st.composite(_project_json)()}[kind])
    src = folder / f"in.{kind}"
    src.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = folder / "out.slate"
    code, err = _cli(["import", str(src), "-o", str(out)])
    _clean_exit(code, err)
    if code == 0:
        project_file.load(out)  # what import wrote opens again
    else:
        assert not out.exists(), "nothing half-written"
    RUNS[f"import {kind}"] += 1


ZIP_NAMES = st.sampled_from(["p/p.slate", "p/a.mp4", "./", "p/", "p/a", "p/a/b", "../x", "/abs", "p/" + "n" * 300,
                             "p\\win", "C:/x", "p/\x00", "p/take.mp4", "q/q.slate", "p/p.slate/x", ""])


@st.composite
def _bundle(draw: st.DrawFn) -> bytes:
    buf = io.BytesIO()
    project = project_file.dumps(project_file.load(project_file.examples()[0])).encode()
    with zipfile.ZipFile(buf, "w") as z:
        if draw(st.booleans()):
            z.writestr("p/p.slate", project if draw(st.booleans()) else draw(st.binary(max_size=200)))
        for _ in range(draw(st.integers(0, 5))):
            name = draw(st.one_of(ZIP_NAMES, st.text(min_size=1, max_size=20)))
            info = zipfile.ZipInfo(name or "x")
            info.compress_type = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
            if draw(st.integers(0, 9)) == 0:
                info.external_attr = 0o120777 << 16  # a symlink
            with contextlib.suppress(ValueError, UnicodeEncodeError):
                z.writestr(info, draw(st.binary(max_size=300)))
    raw = bytearray(buf.getvalue())
    for _ in range(draw(st.integers(0, 3))):  # damage: a flipped byte anywhere (CRCs, headers, methods, flags)
        if raw:
            i = draw(st.integers(0, len(raw) - 1))
            raw[i] = draw(st.integers(0, 255))
    return bytes(raw)


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # duplicate entries are part of the fuzz
@_settings(80)
@given(raw=_bundle())
def test_fuzz_bundle_import(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("bundle")
    (folder / "b.zip").write_bytes(raw)
    dest = folder / "out"
    code, err = _cli(["bundle", str(folder / "b.zip"), "--extract", "-o", str(dest)])
    _clean_exit(code, err)
    if code == 0:
        assert len(list(dest.glob("*/*.slate"))) == 1
    else:
        assert not dest.exists() or list(dest.iterdir()) == [], "nothing half-unpacked"
    RUNS["bundle import"] += 1


VIDEO_KEYS = ["id", "object", "status", "progress", "model", "prompt", "seconds", "size", "created_at", "completed_at",
              "expires_at", "error", "data", "has_more", "last_id"]


@st.composite
def _answer(draw: st.DrawFn) -> Answer:
    status = draw(st.sampled_from([200, 200, 200, 201, 204, 301, 400, 401, 404, 409, 429, 500, 502, 503]))
    shape = draw(st.sampled_from(["video", "list", "json", "html", "bytes", "empty"]))
    if shape == "video":
        d = {"id": "video_x", "object": "video", "status": "queued", "progress": 0, "model": "sora-2", "prompt": "p",
             "seconds": "4", "size": "1280x720", "created_at": 1}
        for k in draw(st.lists(st.sampled_from(VIDEO_KEYS), max_size=4)):
            d[k] = draw(JSON)
        body = json.dumps(d).encode()
    elif shape == "list":
        body = json.dumps({"object": "list", "data": draw(st.lists(JSON, max_size=3)),
                           "has_more": draw(JSON)}).encode()
    elif shape == "json":
        body = json.dumps(draw(JSON)).encode()
    elif shape == "html":
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    elif shape == "bytes":
        body = draw(st.binary(max_size=200))
    else:
        body = b""
    ctype = draw(st.sampled_from(["application/json", "text/html", "application/octet-stream", "video/mp4"]))
    headers = draw(st.sampled_from([{}, {"retry-after": "abc"}, {"retry-after-ms": "-5"}, {"retry-after": "1e9"},
                                    {"openai-poll-after-ms": "x"}]))
    return Answer(status=status, body=body, content_type=ctype, headers=headers, drop=draw(st.integers(0, 15)) == 0)


@pytest.fixture(scope="module")
def rogue() -> Rogue:
    holder: dict[str, Answer] = {"now": Answer()}
    r = Rogue(lambda *_a: holder["now"])
    r.holder = holder  # type: ignore[attr-defined]
    with r:
        yield r  # type: ignore[misc]


@pytest.mark.parametrize("call", ["create", "retrieve", "list", "download"])
@_settings(30)
@given(answer=_answer())
def test_fuzz_each_http_answer_the_backend_parses(rogue: Rogue, tmp_path_factory: pytest.TempPathFactory,
                                                  call: str, answer: Answer) -> None:
    from composer.queue.backends.openai_videos import OpenAIVideosBackend

    rogue.holder["now"] = answer  # type: ignore[attr-defined]
    backend = _backend(rogue, OpenAIVideosBackend)
    dest = tmp_path_factory.mktemp("dl") / "take.mp4"
    try:
        if call == "create":
            backend.create(CreateRequest(prompt="p", model="sora-2", size="1280x720", seconds=4, idempotency_key="k"))
        elif call == "retrieve":
            backend.retrieve("video_x")
        elif call == "list":
            backend.list(limit=5)
        else:
            backend.download("video_x", "video", dest)
    except SlateError as e:  # the only way out: a Slate error with a sentence
        assert str(e) and "Traceback" not in str(e)
    if call == "create":  # and the queue turns any create answer into a state, never a raise
        store = Store(":memory:")
        job = store.add(backend="openai", prompt="p", model="sora-2", size="1280x720", seconds=4,
                        base_url=rogue.base_url)
        Worker(store, {"openai": backend}).step()
        assert store.get(job.id).state in {JobState.QUEUED, JobState.IN_PROGRESS, JobState.DOWNLOADING,
                                           JobState.FAILED, JobState.UNKNOWN, JobState.CONFIRMED,
                                           JobState.MODERATION_BLOCKED}
    if call == "download":  # and the queue never keeps a half or broken take from it
        data = dest.parent / "data"
        old = os.environ.get("SLATE_DATA_DIR")
        os.environ["SLATE_DATA_DIR"] = str(data)
        try:
            store = Store(":memory:")
            job = store.add(backend="openai", prompt="p", model="sora-2", size="1280x720", seconds=4,
                            base_url=rogue.base_url)
            for state in (JobState.SUBMITTING, JobState.QUEUED, JobState.DOWNLOADING):
                store.update(job.id, state=state, remote_id="video_x")
            Worker(store, {"openai": backend}).step()
        finally:
            os.environ.pop("SLATE_DATA_DIR") if old is None else os.environ.update(SLATE_DATA_DIR=old)
        assert store.get(job.id).state is not JobState.COMPLETED, "random bytes are never a take"
        assert not list(data.rglob("*.part")) and not list(data.rglob("take.mp4")), "nothing half-written"
    RUNS[f"HTTP answer to {call}"] += 1


_BACKENDS: dict[str, object] = {}


def _backend(rogue: Rogue, cls: type) -> object:  # type: ignore[type-arg]
    if rogue.base_url not in _BACKENDS:  # one SDK client for the run: building one costs ~50 ms
        backend = cls(base_url=rogue.base_url, api_key="sk-" + "fuzz" * 5, timeout=3.0)
        _BACKENDS[rogue.base_url] = scale_sdk_retry_waits(backend)  # its retries still go out, sooner
    return _BACKENDS[rogue.base_url]


FILES = st.sampled_from(["{proj}", "{proj}", "{csv}", "{missing}", "{dir}", "/dev/null", "/dev/zero", "{fifo}", "",
                         "\x00", "-x", "{out}"])
VALUES = st.one_of(st.sampled_from(["nope", "9" * 5000, "-3", "0", "nan", "99999x1", "SL010,nope", "", "\x00",
                                    "--", "csv", "otio", "xml", "all", "hero", "job_nope"]), st.text(max_size=12))
COMMANDS = {
    "lint": st.tuples(FILES, st.lists(st.sampled_from(["--seconds", "--model", "--size", "--format", "--select",
                                                        "--ignore", "--shot"]), max_size=3)),
    "assemble": st.tuples(FILES, st.lists(st.sampled_from(["--shot", "--format"]), max_size=2)),
    "export": st.tuples(FILES, st.lists(st.sampled_from(["--to", "-o"]), max_size=2)),
    "import": st.tuples(FILES, st.lists(st.sampled_from(["-o", "--force"]), max_size=2)),
    "bundle": st.tuples(FILES, st.lists(st.sampled_from(["-o", "--extract", "--takes", "--force"]), max_size=3)),
    "render": st.tuples(FILES, st.lists(st.sampled_from(["--shot", "--variants", "--backend", "--timeout"]),
                                        max_size=2)),
    "queue": st.tuples(st.sampled_from(["list", "cancel", "abandon", "nope"]), st.lists(st.just("ID"), max_size=1)),
}
TAKES_VALUE = {"--force", "--extract"}


@_settings(80)
@given(command=st.sampled_from(sorted(COMMANDS)), data=st.data())
def test_fuzz_cli_arguments(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, command: str,
                            data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("cli")
    proj = project_file.save(project_file.load(project_file.examples()[0]), folder / "p.slate")
    (folder / "s.csv").write_text("subject\nA lighthouse.\n")
    os.mkfifo(folder / "pipe.slate")
    subs = {"{proj}": str(proj), "{csv}": str(folder / "s.csv"), "{missing}": str(folder / "nope.slate"),
            "{dir}": str(folder), "{out}": str(folder / "missing-folder" / "x.csv"),
            "{fifo}": str(folder / "pipe.slate")}
    first, options = data.draw(COMMANDS[command])
    argv = [command, subs.get(first, first)]
    for opt in options:
        argv.append(opt)
        if opt not in TAKES_VALUE:
            value = data.draw(st.one_of(VALUES, FILES))
            argv.append(subs.get(value, value))
    argv = ["job_nope" if a == "ID" else a for a in argv]
    monkeypatch.chdir(folder)  # relative names the fuzz makes up land in its own folder, not the checkout
    monkeypatch.setenv("SLATE_DATA_DIR", str(folder / "data"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("SLATE_BASE_URL", "http://127.0.0.1:9/v1")  # nothing leaves this machine, whatever the args
    before = proj.read_bytes()
    code, err = _cli(argv)
    _clean_exit(code, err, allowed=(0, 1, 2))
    if command not in ("import", "render"):
        assert proj.read_bytes() == before, "only import (with --force) and render write a project"
    RUNS["CLI arguments"] += 1


def test_zz_fuzz_counts() -> None:
    """Prints how many examples each entry point ran (docs/reliability.md); every one ended in a clean exit."""
    for name, n in sorted(RUNS.items()):
        print(f"FUZZ | {name} | {n} examples | 0 tracebacks")
