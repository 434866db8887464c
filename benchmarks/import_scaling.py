"""Import time against size: CSV and Fountain at 5k, 10k, 20k and 100k rows, to show both are linear (issue 19).

Usage: python -m benchmarks.import_scaling --json [--update-docs]

Before: CSV 5k rows 2.4 s, 10k 6.7 s, 20k 33.5 s, 100k > 25 min (a list of ids rebuilt per row); a Fountain line with
40,000 "[[" took 213 s (a lazy regex rescanned to the end from each one). A project holds at most 2,000 shots: a CSV
past that is refused at row 2,001 (so 5k..100k cost the same), and the CSV is also timed at 500/1,000/2,000 rows,
which it imports whole. Fountain reads every element of the file before its 2,000-shot check. Linear: ``per_row_us``
flat and the time ratio near the size ratio. Issue 16 added the lenient reader's shapes: blank lines between cue,
parenthetical and speech with CRLF endings, one speech continued across n blank lines, n unpaired emphasis marks.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from benchmarks._docs import bench_main
from composer.errors import InputError
from composer.exchange import csv_io, fountain

SIZES = (5_000, 10_000, 20_000, 100_000)


def csv_text(n: int) -> str:
    rows = [f"shot_{i},Shot {i},A lighthouse keeper climbs the stairs {i},The stair | The lamp @1-2,"
            f"storm blue #1a2b3c,KEEPER (tired): Again.,4" for i in range(n)]
    return "id,title,subject,beats,palette,dialogue,seconds\n" + "\n".join(rows) + "\n"


def fountain_text(n: int) -> str:
    """n rows = n elements: a heading every 10, otherwise action lines and dialogue with notes."""
    out = ["Title: Scaling", ""]
    for i in range(n):
        if i % 10 == 0:
            out += [f"INT. ROOM {i} - NIGHT", ""]
        elif i % 3 == 0:
            out += ["KEEPER", f"Line {i}.", ""]
        else:
            out += [f"The lamp turns, beat {i}. [[at: 1-2]] /* aside */", ""]
    return "\n".join(out)


def lenient_text(n: int) -> str:
    """n rows of what real files hold: a blank line between cue, parenthetical and speech, emphasis, CRLF."""
    out = ["Title: Lenient", ""]
    for i in range(n):
        out += [f"INT. ROOM {i} - NIGHT", ""] if i % 10 == 0 else ["KEEPER", "", "(tired)", "", f"Line *{i}* _x_.", ""]
    return "\r\n".join(out)


def one_speech_text(n: int) -> str:
    """One cue, then n parentheticals each after a blank line: every one continues the same speech."""
    return "INT. HALL - DAY\n\nKEEPER\n\n" + "(beat)\n\n" * n + "Done.\n"


def emphasis_text(n: int) -> str:
    return "INT. HALL - DAY\n\n" + "a *b _c " * n + "\n"


def brackets_text(n: int) -> str:
    return "INT. HALL - DAY\n\n" + "A door [[" * n + "\n"


def _time(fn: Callable[[str], object], text: str) -> float:
    t0 = time.perf_counter()
    with contextlib.suppress(InputError):  # the 2,000-shot refusal
        fn(text)
    return time.perf_counter() - t0


def run() -> dict[str, object]:
    out: dict[str, object] = {}
    for name, make, fn, sizes in (("csv_imported_whole", csv_text, csv_io.loads, (500, 1_000, 2_000)),
                                  ("csv_refused_past_2000", csv_text, csv_io.loads, SIZES),
                                  ("fountain", fountain_text, fountain.loads, SIZES),
                                  ("fountain_unclosed_notes", brackets_text, fountain.loads, SIZES),
                                  ("fountain_lenient_crlf", lenient_text, fountain.loads, SIZES),
                                  ("fountain_one_long_speech", one_speech_text, fountain.loads, SIZES),
                                  ("fountain_unpaired_emphasis", emphasis_text, fountain.loads, SIZES)):
        rows: dict[str, object] = {}
        for n in sizes:
            s = _time(fn, make(n))
            rows[str(n)] = {"seconds": round(s, 3), "per_row_us": round(s / n * 1e6, 1)}
        first, last = rows[str(sizes[0])], rows[str(sizes[-1])]
        rows["time_ratio"] = round(last["seconds"] / max(first["seconds"], 1e-6), 1)  # type: ignore[index]
        rows["size_ratio"] = sizes[-1] // sizes[0]
        out[name] = rows
    return out


def main() -> None:
    bench_main("import_scaling", __doc__, run,
               "CSV and Fountain import at 5k/10k/20k/100k rows (and one line with that many unclosed '[['), one "
               "process. Linear: time_ratio at or below size_ratio; a CSV past 2,000 rows is refused at row 2,001.")


if __name__ == "__main__":
    main()
