"""Break each issue-19 fix by hand, one at a time, and check that the test meant to prove it fails.

Usage: python tests/reliability/break_each_fix.py [NAME-PREFIX ...]   (about 20 minutes for all, on a loaded machine)

Why: a test that passes with its fix removed proves nothing (issue 19 point 12). Each entry names a textual edit
that undoes one fix (the old behaviour, or the guard switched off) and the tests that must then fail. The edits are
made in a copy of HEAD (``git archive``) under a temporary folder, never in the checkout, so a run can go on while
you work; each file is restored by rewriting it before the next entry. Prints one line per entry:
``FAILS (good)`` or ``STILL PASSES`` (a fix no test proves). Not collected by pytest (no ``test_`` prefix).
Where one input is stopped by several layers (the zip checks, then the unpack's catch), the entry's test asserts the
words of the layer meant for it, so removing that layer alone is enough.
"""

# ruff: noqa: E501 - each entry is the exact text of a line of code, kept whole so it can be searched for
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import time

TF = "tests/reliability/test_files_hold.py"
HC = TF + "::test_hostile_cli_inputs_are_a_sentence_and_exit_2"
HB = TF + "::test_hostile_bundles_are_a_sentence_and_leave_nothing"
NW = "tests/reliability/test_network_waits.py"
W = "composer/queue/worker.py"
MUTS = [
 ("1 race (lock, claim CAS and same-state check all off)", [
   ("composer/queue/worker.py", "        if not self.runner.acquire():\n            return False", "        if False:\n            return False"),
   ("composer/queue/store.py", "            if expect is not None and current is not expect:", "            if False:"),
   ("composer/queue/store.py", "            if state is not None:\n                values[\"state\"]", "            if state is not None and state is not current:\n                values[\"state\"]")],
  ["tests/reliability/test_one_runner.py::test_racing_runners_send_one_create_per_job"]),
 ("1 lock off", [("composer/queue/worker.py", "        if not self.runner.acquire():\n            return False", "        if False:\n            return False")],
  ["tests/reliability/test_one_runner.py::test_a_second_runner_waits_and_says_who_holds_the_queue"]),
 ("1 claim CAS off", [("composer/queue/store.py", "            if expect is not None and current is not expect:", "            if False:")],
  ["tests/reliability/test_one_runner.py::test_only_one_of_two_stores_claims_a_confirmed_job"]),
 ("2 malformed create accepted", [(W, "        problem = _malformed(video)\n        if problem:\n            self._set(job, JobState.UNKNOWN", "        problem = None\n        if problem:\n            self._set(job, JobState.UNKNOWN"),
   ("composer/queue/backends/answers.py", "            except UNREADABLE as e:", "            except ZeroDivisionError as e:")],
  ["tests/reliability/test_bad_answers.py::test_a_malformed_create_answer_fails_that_job_visibly_and_the_queue_goes_on"]),
 ("2 one job's failure stops the queue", [(W, "            except Exception as e:  # noqa: BLE001 - any surprise in one job", "            except ZeroDivisionError as e:  # noqa: BLE001 - any surprise in one job"),
   (W, "        problem = _malformed(video)\n        if problem:\n            self._set(job, JobState.UNKNOWN", "        problem = None\n        if problem:\n            self._set(job, JobState.UNKNOWN"),
   ("composer/queue/backends/answers.py", "            except UNREADABLE as e:", "            except ZeroDivisionError as e:")],
  ["tests/reliability/test_bad_answers.py::test_a_malformed_create_answer_fails_that_job_visibly_and_the_queue_goes_on"]),
 ("3 a copy that exists counts", [("composer/project/library.py", "        if dest.exists() and dest.stat().st_size == want and _whole(dest, video):", "        if dest.exists():")],
  [TF + "::test_a_take_copy_cut_short_by_a_full_disk_is_never_recorded"]),
 ("4 render saves what it loaded", [("composer/cli/render.py", "    added = _record(svc, path, copy_errors)", "    added = svc.record_takes(project, path, errors=copy_errors)\n    project_file.save(project, path)")],
  [TF + "::test_render_adds_its_takes_to_the_project_as_saved_meanwhile"]),
 ("5 import replaces", [("composer/cli/exchange.py", "    if dest.exists() and not args.force:  # issue 19", "    if False:  # issue 19")],
  [TF + "::test_import_never_replaces_an_existing_project_silently"]),
 ("6 no redaction of server strings", [(W, "        values = {k: redact(v) if", "        values = {k: v if")],
  ["tests/reliability/test_bad_answers.py::test_a_reflected_key_is_stored_and_shown_nowhere"]),
 ("7 no plain-http warning", [("composer/runtime/net.py", '    if parts.scheme.lower() != "http" or is_loopback(parts.hostname or ""):', "    if True:")],
  ["tests/reliability/test_key_transport.py"]),
 ("8 save without the reopen check", [("composer/project/files.py", "    text = readable(project, str(p))\n    try:\n        atomic_write(p, text.encode", "    text = dumps(project)\n    try:\n        atomic_write(p, text.encode")],
  [TF + "::test_what_slate_writes_slate_reads"]),
 ("8 NaN accepted on load", [("composer/project/files.py", "json.loads(text, parse_constant=_no_constant)", "json.loads(text)")],
  [TF + "::test_what_slate_writes_slate_reads"]),
 ("9 FIFO opened blocking, not checked", [("composer/project/reading.py", '    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)', "    flags = os.O_RDONLY"),
   ("composer/project/reading.py", "        if not stat.S_ISREG(info.st_mode):", "        if False:")],
  [HC + "[a FIFO as the project]"]),
 ("9 trickle: no whole-answer deadline", [("composer/queue/backends/transport.py", "            if time.time() > self._until:", "            if False:"),
   ("composer/queue/backends/transport.py", "            timeout[k] = min(x for x in (timeout.get(k), cap, remaining) if x is not None)", "            timeout[k] = min(x for x in (timeout.get(k), cap) if x is not None)")],
  [NW + "::test_a_trickling_answer_ends_at_the_deadline", NW + "::test_render_timeout_is_honoured_while_a_server_trickles"]),
 ("9 nothing listening not recognised", [("composer/queue/backends/transport.py", "        except httpx.ConnectError as e:", "        except ZeroDivisionError as e:")],
  [NW + "::test_nothing_listening_fails_the_render_quickly_and_says_so"]),
 ("9 stuck jobs keep their slots", [(W, "        return now - since < STALL_S", "        return True")],
  [NW + "::test_stuck_jobs_do_not_hold_the_render_slots"]),
 ("9 empty reason", [("composer/cli/render.py", '''    """Why a job is not completed, in words: never an empty reason (issue 19 printed 'confirmed — ')."""''', '''    """Why a job is not completed, in words: never an empty reason (issue 19 printed 'confirmed — ')."""\n    return job.error_message or ""''')],
  [NW + "::test_a_wait_that_ends_gives_every_unfinished_job_a_reason"]),
 ("10 1 GB body read whole", [("composer/queue/backends/transport.py", "            if self._limit is not None and seen > self._limit:", "            if False:"),
   ("composer/queue/backends/transport.py", "        if limit is not None and length and length.isdigit() and int(length) > limit:", "        if False:")],
  [NW + "::test_a_huge_answer_is_refused_without_reading_it"]),
 ("10 5,000-digit integer", [("composer/project/files.py", "    except ValueError as e:  # e.g. a 5,000-digit number", "    except ZeroDivisionError as e:  # e.g. a 5,000-digit number")],
  [HC + "[a 5,000-digit integer]"]),
 ("10 symlink loop", [("composer/project/reading.py", "    except OSError as e:  # a symlink loop", "    except ZeroDivisionError as e:  # a symlink loop")],
  [HC + "[a symlink loop]"]),
 ("10 /dev/zero", [("composer/project/reading.py", "        if not stat.S_ISREG(info.st_mode):", "        if False:")],
  [HC + "[/dev/zero as the project]", HC + "[/dev/zero as a prompt]"]),
 ("10 2,001-row CSV", [("composer/exchange/csv_io.py", "            if len(shots) >= MAX_SHOTS:", "            if False:")],
  [HC + "[a 2,001-row CSV]"]),
 ("10 [[at: 5000-6000]]", [("composer/exchange/fountain.py", "                    if any(t is not None and not 0 <= t <= 3600 for t in (start, end)):", "                    if False:")],
  [HC + "[[[at: 5000-6000]]]"]),
 ('10 [[slate: "hello"]]', [("composer/exchange/fountain.py", "                    if not isinstance(extra, dict):", "                    if False:")],
  [HC + '[[[slate: "hello"]]]']),
 ("10 render --shot nope", [("composer/cli/render.py", "    if missing:", "    if False:")],
  [HC + "[render --shot nope]"]),
 ("10 export -o /nonexistent", [("composer/exchange/__init__.py", "    except OSError as e:\n        raise InputError(f\"could not write {path}", "    except ZeroDivisionError as e:\n        raise InputError(f\"could not write {path}")],
  [HC + "[export -o /nonexistent/…]"]),
 ("10 a data dir that is a file", [("composer/project/paths.py", "    except OSError as e:\n        from composer.errors import SlateError", "    except ZeroDivisionError as e:\n        from composer.errors import SlateError")],
  [HC + "[a data dir that is a file]"]),
 ("10 zip bad CRC", [("composer/exchange/bundle.py", "        except UNREADABLE as e:\n            raise InputError(f\"{bundle}: '{project_file.clip(info.filename)}' cannot be read", "        except ZeroDivisionError as e:\n            raise InputError(f\"{bundle}: '{project_file.clip(info.filename)}' cannot be read")],
  [HB + "[bad CRC]"]),
 ("10 zip ./ entry", [("composer/exchange/bundle.py", ' or "\\x00" in raw or not name.parts', ' or "\\x00" in raw')],
  [HB + "[a ./ entry]"]),
 ("10 zip file then folder", [("composer/exchange/bundle.py", "    if clash:", "    if False:")],
  [HB + "[a file, then a folder of the same name]"]),
 ("10 zip long name", [("composer/exchange/bundle.py", '        if any(len(p.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for p in name.parts):', "        if False:")],
  [HB + "[a 300-character name]"]),
 ("10 zip unknown method", [("composer/exchange/bundle.py", "        if info.compress_type not in (", "        if False and info.compress_type not in (")],
  [HB + "[an unknown method]"]),
 ("10 zip encrypted", [("composer/exchange/bundle.py", "        if info.flag_bits & 0x1:", "        if False:")],
  [HB + "[encrypted]"]),
 ("10 zip staged (nothing half-unpacked)", [("composer/exchange/bundle.py", '            staging = Path(tempfile.mkdtemp(prefix=".slate-unpack-", dir=dest))', "            staging = dest"),
   ("composer/exchange/bundle.py", "            shutil.rmtree(staging, ignore_errors=True)", "            pass")],
  [HB + "[bad CRC]"]),
 ("10 SQLite disk full", [("composer/queue/store.py", '    if "full" in text or "disk i/o" in text.lower():', "    if False:")],
  [TF + "::test_a_full_queue_database_is_a_sentence"]),
 ("10 read-only data dir", [("composer/queue/store.py", '    elif "readonly" in text or "read-only" in text or "unable to open" in text:', "    elif False:")],
  [TF + "::test_a_read_only_data_dir_is_a_sentence"]),
 ("10 300-character take path", [("composer/project/files.py", '    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES', '    if False and any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES')],
  [TF + "::test_a_300_character_take_path_is_refused_when_the_app_opens_the_project"]),
 ("10 HTML/garbage/schema/list create answers", [("composer/queue/backends/answers.py", "            except UNREADABLE as e:", "            except ZeroDivisionError as e:"),
   (W, "        except Exception as e:  # noqa: BLE001 - whatever broke, the POST may have gone out", "        except ZeroDivisionError as e:  # noqa: BLE001 - whatever broke, the POST may have gone out")],
  ["tests/reliability/test_bad_answers.py::test_each_unreadable_create_answer_is_unknown_with_a_sentence"]),
 ("11 mode 0600", [("composer/project/files.py", "                fchmod(fd, mode)", "                fchmod(fd, 0o600)")],
  [TF + "::test_saves_keep_the_file_mode"]),
 ("11 bundle follows links", [("composer/exchange/bundle.py", "        if target.is_symlink() and not target.resolve().is_relative_to(base):", "        if False:")],
  [TF + "::test_bundle_never_packs_what_a_link_points_to_outside_the_project"]),
 ("11 polite bomb", [("composer/exchange/bundle.py", "    if total > RATIO_FLOOR and total / packed > MAX_TOTAL_RATIO:", "    if False:")],
  [HB + "[a polite bomb (each member under the ratio cap)]"]),
 ("11 50 MB key echoed", [("composer/project/files.py", '(f".{clip(str(part))}" if out else clip(str(part)))', '(f".{str(part)}" if out else str(part))')],
  [TF + "::test_an_unknown_50_mb_key_is_not_echoed_back"]),
 ("11 reset/lost answer 500", [("composer/standin/app.py", '            drop = getattr(scope["app"].state, "drop_connection", None) if scope["type"] == "http" else None', "            drop = None")],
  ["tests/reliability/test_standin_faults.py"]),
 ("11 frame cache ignores SLATE_DATA_DIR", [("composer/project/paths.py", '    if os.environ.get("SLATE_DATA_DIR"):', "    if False:")],
  ["tests/unit/test_frame_cache.py::test_the_cache_follows_slate_data_dir_unless_it_has_its_own_folder"]),
 ("12 key on screen (settings placeholder)", [("ui/dialogs/settings_dialog.py", '        self.setWindowTitle("Settings")', '        self.setWindowTitle("Settings")\n        self.setToolTip("key " + __import__("os").environ.get("OPENAI_API_KEY", ""))')],
  ["tests/reliability/test_secrets.py::test_a_full_app_run_writes_the_key_nowhere"]),
 ("12 restart counted nothing", [("composer/standin/app.py", '            self.idempotency, self.stats = data["idempotency"], data["stats"]', '            self.idempotency = data["idempotency"]')],
  ["tests/reliability/test_fault_matrix.py::test_standin_restart_mid_job_through_the_queue"]),
]

WP = "tests/reliability/test_worker_paths.py"
MUTS += [
 ("1 audit: a job left submitting under the holder is ignored", [(W, "                if job.state is JobState.SUBMITTING:", "                if job.state is None:")], [WP + "::test_a_job_left_submitting_under_the_holder_is_moved_on_not_kept"]),
 ("1 audit: a listener's failure taken for the job's", [(W, "            except Exception:  # noqa: BLE001 - a listener's bug", "            except ZeroDivisionError:  # noqa: BLE001 - a listener's bug")], [WP + "::test_a_failing_listener_never_changes_what_happens_to_the_job"]),
 ("1 audit: an id-bearing job made unknown", [(W, "SUBMITTING and now.remote_id:", "SUBMITTING and now.remote_id and False:")], [WP + "::test_an_unexpected_failure_after_the_id_is_stored_polls_the_job"]),
 ("1 audit: a create started with no time left", [(W, "        if _out_of_time(SEND_MARGIN_S):", "        if _out_of_time(-1e9):")], [WP + "::test_no_create_is_started_when_the_wait_has_no_time_left"]),
 ("1 audit: not sent, yet called maybe paid", [("composer/queue/backends/transport.py", "raise NoTimeLeft(", "raise AnswerTooSlow(")], [WP + "::test_no_create_is_started_when_the_wait_has_no_time_left"]),
]
MUTS.append(("10 queue cancel job_nope (a bare KeyError, as before)", [("composer/queue/store.py", "            raise UnknownJob(f\"there is no job '{job_id}' in this queue\",", "            raise KeyError(job_id) from None or UnknownJob(f\"there is no job '{job_id}' in this queue\",")], [HC + "[queue cancel job_nope]"]))
for i, m in enumerate(MUTS):  # pytest writes the … of this id as \u2026: select it by -k
    if m[0].startswith("10 export"):
        MUTS[i] = (m[0], m[1], [TF, "-k", "nonexistent"])


def main(only: list[str]) -> int:
    root = pathlib.Path(__file__).resolve().parents[2]
    venv = root / ".venv"
    missed = 0
    with tempfile.TemporaryDirectory(prefix="slate-break-") as tmp:
        subprocess.run(f"git archive HEAD | tar -x -C {tmp}", shell=True, cwd=root, check=True)
        os.symlink(venv, pathlib.Path(tmp) / ".venv")
        for name, edits, tests in MUTS:
            if only and not any(name.startswith(o) for o in only):
                continue
            saved: dict[str, str] = {}
            try:
                for f, old, new in edits:
                    p = pathlib.Path(tmp, f)
                    saved.setdefault(f, p.read_text())
                    text = p.read_text()
                    if old not in text:
                        raise SystemExit(f"{name}: the code changed, update this entry: {f}: {old[:70]!r}")
                    p.write_text(text.replace(old, new, 1))
                t0 = time.time()
                r = subprocess.run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                                    "--timeout", "300", *tests], cwd=tmp, capture_output=True, text=True,
                                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
                why = next((ln for ln in r.stdout.splitlines() if ln.startswith("E ")), "").strip()[:160]
                verdict = "FAILS (good)" if r.returncode else "STILL PASSES"
                missed += not r.returncode
                print(f"{verdict:13} | {name} | {why} | {time.time() - t0:.0f} s", flush=True)
            finally:
                for f, text in saved.items():
                    pathlib.Path(tmp, f).write_text(text)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
