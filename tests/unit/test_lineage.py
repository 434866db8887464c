from __future__ import annotations

from composer.document.lineage import chain, change_count, children, word_diff
from composer.document.models import Shot, Take, TakeKind


def test_word_diff_marks_the_one_change() -> None:
    d = word_diff("Medium shot, 35mm lens, warm light.", "Medium shot, 85mm lens, warm light.")
    assert ("-", "35mm") in d and ("+", "85mm") in d
    assert "".join(t for op, t in d if op != "+") == "Medium shot, 35mm lens, warm light."
    assert change_count("Medium shot, 35mm lens, warm light.", "Medium shot, 85mm lens, warm light.") == 1
    assert change_count("a b c d", "x b c y") == 2


def test_chain_counts_extensions_and_seconds() -> None:
    takes = [Take(id="t0", params={"seconds": 8})]
    for i in range(1, 4):
        takes.append(Take(id=f"t{i}", kind=TakeKind.EXTEND, parent_take_id=f"t{i-1}", params={"seconds": 12}))
    takes.append(Take(id="r", kind=TakeKind.REMIX, parent_take_id="t0", params={"seconds": 8}))
    shot = Shot(takes=takes)
    assert chain(shot, "t3") == (3, 44.0)
    assert chain(shot, "r") == (0, 8.0)
    assert [t.id for t in children(shot, "t0")] == ["t1", "r"]
