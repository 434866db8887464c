#!/usr/bin/env bash
# Which PySide6 is the newest that survives libvlc callbacks on Python 3.11? (see docs/pyside-pin.md)
#
#   scripts/pyside-pin-check.sh                          # every version below, 120 s each
#   scripts/pyside-pin-check.sh --seconds 30 6.8.3 6.12.0 # or PIN_SECONDS=30 (bash owns $SECONDS)
#
# For each version: a scratch venv in $PIN_ROOT/<ver> (default /tmp/pyside-pin, reused when it already has that
# PySide6) on the base interpreter of the repo's .venv, the app's runtime dependencies with PySide6-Essentials==<ver>, then benchmarks/pyside_pin.py
# under QT_QPA_PLATFORM=offscreen. A non-zero exit (an abort such as "Fatal Python error: none_dealloc", a signal,
# a hang past the time limit) counts as FAIL; so does a None refcount that keeps falling.
# "stalls": times the compare view's transport stopped showing pictures and the benchmark reopened the takes.
# Logs: $PIN_ROOT/<ver>.{install,stdout,stderr}.log; results: $PIN_ROOT/results.jsonl. Exits 0 once the table is
# printed: a failing version is the expected finding, not an error of the check.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${PIN_SECONDS:-120}"
if [ "${1:-}" = "--seconds" ]; then SECS="$2"; shift 2; fi
PIN_ROOT="${PIN_ROOT:-/tmp/pyside-pin}"
PROJECT_PY="${PROJECT_PY:-$REPO/.venv/bin/python}"
# A refcount that falls faster than this per 1000 display callbacks is a leak even if the run did not abort.
LEAK_SLOPE="${LEAK_SLOPE:--50}"
if [ "$#" -gt 0 ]; then VERSIONS=("$@"); else VERSIONS=(6.8.3 6.9.3 6.10.3 6.11.3 6.12.0); fi

BASE_PY="$("$PROJECT_PY" -c 'import sys;print(sys.base_prefix)')/bin/python3"
[ -x "$BASE_PY" ] || { echo "no base interpreter at $BASE_PY" >&2; exit 1; }
mkdir -p "$PIN_ROOT"
RESULTS="$PIN_ROOT/results.jsonl"
: > "$RESULTS"

echo "repo $REPO  base python $BASE_PY ($("$BASE_PY" -V 2>&1))  nproc $(nproc)  ${SECS}s per version"

for ver in "${VERSIONS[@]}"; do
    venv="$PIN_ROOT/$ver"
    echo "=== PySide6-Essentials $ver"
    if ! "$venv/bin/python" -c "import PySide6, sys; sys.exit(PySide6.__version__ != '$ver')" 2>/dev/null; then
        rm -rf "$venv"
        "$BASE_PY" -m venv "$venv" || { echo "venv failed"; continue; }
        if ! "$venv/bin/python" -m pip install -q "PySide6-Essentials==$ver" python-vlc av numpy pillow \
                platformdirs keyring "pydantic>=2.7,<3" opentimelineio openai > "$PIN_ROOT/$ver.install.log" 2>&1; then
            echo "install failed, see $PIN_ROOT/$ver.install.log"
            printf '{"pyside6": "%s", "install_failed": true, "exit": null, "crashed": null}\n' "$ver" >> "$RESULTS"
            continue
        fi
    fi
    "$venv/bin/python" -m pip freeze 2>/dev/null | grep -iE '^(pyside6|shiboken6)' | tr '\n' ' '; echo
    start=$(date +%s)
    # Generous hard limit: clip encoding + start-up + the run; a hang is a FAIL too (exit 124).
    (cd "$PIN_ROOT" && QT_QPA_PLATFORM=offscreen PYTHONPATH="$REPO" PYTHONFAULTHANDLER=1 \
        timeout -k 10 "$((SECS + 180))" "$venv/bin/python" "$REPO/benchmarks/pyside_pin.py" --seconds "$SECS" \
        > "$PIN_ROOT/$ver.stdout.log" 2> "$PIN_ROOT/$ver.stderr.log")
    rc=$?
    wall=$(( $(date +%s) - start ))
    json="$(grep '^{' "$PIN_ROOT/$ver.stdout.log" | tail -n 1)"
    fatal="$(grep -m1 -E 'Fatal Python error|Segmentation fault|Aborted' "$PIN_ROOT/$ver.stderr.log" || true)"
    echo "exit $rc after ${wall}s ${fatal:+- $fatal}"
    grep -E '^(probe|sample) ' "$PIN_ROOT/$ver.stderr.log" | sed -n '1p;$p'
    "$venv/bin/python" - "$ver" "$rc" "$wall" "$json" "$fatal" "$PIN_ROOT/$ver.stderr.log" "$RESULTS" <<'PY'
import json, re, sys
ver, rc, wall, line, fatal, err, out = sys.argv[1:]
rc = int(rc)
try:
    r = json.loads(line) if line else {}
except ValueError:
    r = {}
r.pop("samples", None)
r["stalls"] = len(r.get("stalls", [])) if "stalls" in r else None
r.update(pyside6=r.get("pyside6", ver), exit=rc, wall_s=int(wall), crashed=rc != 0, fatal=fatal or None)
text = open(err, errors="replace").read()
samples = [(float(t), int(c), int(n)) for t, c, n in
           re.findall(r"^sample t=([\d.]+) callbacks=(\d+) none_refcount=(\d+)", text, re.M)]
probe = re.search(r"^probe void_calls=(\d+) none_refcount_delta=(-?\d+) emit_true_refcount_delta=(-?\d+)", text, re.M)
if probe and "void_call_probe" not in r:
    r["void_call_probe"] = {"calls": int(probe[1]), "none_refcount_delta": int(probe[2]),
                            "true_refcount_delta": int(probe[3])}
if rc != 0 and samples:  # the run died: figures from the progress samples it left on stderr
    (t0, c0, n0), (t1, c1, n1) = samples[0], samples[-1]
    r.update(stalls=len(re.findall(r"^stall ", text, re.M)),samples_before_abort=len(samples), last_sample_t=t1, callbacks=c1,
             none_refcount_first=n0, none_refcount_last=n1, none_refcount_delta=n1 - n0,
             delta_per_1000_callbacks=round((n1 - n0) * 1000 / (c1 - c0), 2) if c1 > c0 else None,
             delta_per_s=round((n1 - n0) / (t1 - t0), 2) if t1 > t0 else None)
with open(out, "a") as f:
    f.write(json.dumps(r) + "\n")
PY
done

echo
echo "=== summary (${SECS}s per version; callbacks = libvlc display callbacks, both panes)"
"$PROJECT_PY" - "$RESULTS" "$LEAK_SLOPE" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
leak = float(sys.argv[2])
fmt = "{:<8} {:>5} {:>6} {:>9} {:>8} {:>10} {:>11} {:>8} {:>11} {:>11} {:>6} {:>7}  {}"
print(fmt.format("pyside6", "exit", "run s", "callbacks", "None Δ", "Δ/1000 cb", "steady/1000", "Δ/s",
                 "void→None", "emit→True", "stalls", "crashed", "verdict"))
passing = []
for r in rows:
    slope = r.get("steady_slope_per_1000_callbacks")
    probe = r.get("void_call_probe", {}).get("none_refcount_delta")
    emit_probe = r.get("void_call_probe", {}).get("true_refcount_delta")
    if r.get("install_failed"):
        verdict = "INSTALL FAILED"
    elif r.get("error"):
        verdict = f"ERROR ({r['error']})"
    elif r["crashed"]:
        m = re.search(r"Fatal Python error: (\w+)", r.get("fatal") or "")
        verdict = f"FAIL (abort: {m[1]})" if m else f"FAIL (exit {r['exit']})"
    elif slope is not None and slope < leak:
        verdict = "FAIL (None refcount falls)"
    elif probe is not None and probe <= -r["void_call_probe"]["calls"] // 2:
        verdict = "FAIL (void calls leak None)"
    elif emit_probe is not None and emit_probe <= -r["void_call_probe"]["calls"] // 2:
        verdict = "FAIL (Signal.emit leaks True)"
    else:
        verdict = "PASS"
        passing.append(r["pyside6"])
    show = lambda k: "-" if r.get(k) is None else str(r[k])  # noqa: E731
    run_s = r.get("seconds") if not r.get("crashed") else r.get("last_sample_t")
    print(fmt.format(r["pyside6"], show("exit"), "-" if run_s is None else str(run_s), show("callbacks"),
                     show("none_refcount_delta"), show("delta_per_1000_callbacks"),
                     "-" if slope is None else str(slope), show("delta_per_s"),
                     "-" if probe is None else f"{probe}/{r['void_call_probe']['calls']}",
                     "-" if emit_probe is None else f"{emit_probe}/{r['void_call_probe']['calls']}", show("stalls"),
                     "yes" if r.get("crashed") else "no", verdict))
key = lambda v: tuple(int(x) for x in v.split("."))
print("newest passing:", max(passing, key=key) if passing else "none")
PY
