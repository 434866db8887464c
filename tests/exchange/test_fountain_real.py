"""Real public Fountain files (fixtures/real/README.md says where each is from) import the way a writer reads them.

Every fact asserted here was read off the file itself; the files are stored byte for byte, so their CRLF, BOM and
tabs are the ones people's apps wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.document.models import Project
from composer.exchange import fountain, import_file

REAL = Path(__file__).parent / "fixtures" / "real"
FILES = sorted(REAL.glob("*.fountain"))


def _said(project: Project) -> list[tuple[str, str, str]]:
    return [(d.speaker, d.emotion, d.line) for s in project.shots for d in s.dialogue]


def _action(project: Project) -> list[str]:
    return [b.text for s in project.shots for b in s.beats]


def test_the_files_are_stored_as_written() -> None:
    """Guards the fixtures themselves: git must not have normalised the line endings the tests are about."""
    assert b"\r\n" in (REAL / "my_living_memory.fountain").read_bytes()
    brick = (REAL / "brick_and_steel.fountain").read_bytes()
    assert b"\r\n" in brick and b"Screw retirement.\n" in brick, "mixed CRLF and LF"
    assert (REAL / "utf8_bom_crlf.fountain").read_bytes().startswith(b"\xef\xbb\xbfEXT.")
    assert all(p.stat().st_size < 200_000 for p in FILES)


def test_big_fish() -> None:
    p = import_file(REAL / "big_fish.fountain")
    assert p.name == "Big Fish"
    headings = [s.scene for s in p.shots[1:]]
    assert len(headings) == 192, "190 INT./EXT. headings and two EXT/INT. ones"
    assert p.shots[0].title == "Opening" and p.shots[0].beats[1].text == "A RIVER."  # before the first heading
    assert "INT. WILL'S BEDROOM - NIGHT (1973)" in headings, "the double space after INT. is tidied"
    assert "EXT/INT. SORORITY HOUSE - THE DOORWAY" in headings
    assert not any("FADE IN" in t for t in _action(p)), "**FADE IN:** in bold is a transition"
    said = _said(p)
    assert ("EDWARD", "V.O.", "By the time I was born, he was already a legend.  He'd taken more hundred-dollar "
            "lures than any fish in Alabama. Some said that fish was the ghost of Henry Walls, a thief who'd drowned "
            "in that river 60 years before.   Others claimed he was a lesser dinosaur, left over from the Cretaceous "
            "period.") in said, "EDWARD (V.O.)(CONT'D): stacked extensions, CONT'D dropped"
    assert ("EDWARD", "closer", "And on the day you were born, that was the day I finally caught him.") in said
    assert ("LITTLE BRAVE", "confused", "Your finger?") in said


def test_brick_and_steel_with_mixed_line_endings_and_tabs() -> None:
    p = import_file(REAL / "brick_and_steel.fountain")
    assert p.name == "BRICK & STEEL FULL RETIRED", "title on two indented lines, emphasis removed"
    assert [s.scene for s in p.shots] == ["EXT. BRICK'S PATIO - DAY", "INT. TRAILER HOME - DAY",
                                          "EXT. BRICK'S POOL - DAY", "SNIPER SCOPE POV", "OPENING TITLES",
                                          "EXT. WOODEN SHACK - DAY", "INT. GARAGE - DAY",
                                          "EXT. PALATIAL MANSION - DAY"]
    said = _said(p)
    assert ("BRICK", "", "Screw retirement.") in said, "'BRICK ^' dual dialogue, where the file switches to LF"
    trailer = p.shots[1]
    assert [(d.speaker, d.emotion, d.line) for d in trailer.dialogue] == [
        ("JACK", "in Vietnamese, subtitled", "Did you know Brick and Steel are retired?"),
        ("DAN", "", "Then let's retire them. Permanently.")], "tab-indented cues, parentheticals and speech"
    assert all("CUT TO" not in t and "BURN TO PINK" not in t for t in _action(p)), "transitions, indented or forced"
    assert "And then there's a long beat. Longer than is funny. Long enough to be depressing." in _action(p)
    assert [(d.emotion, d.line) for d in p.shots[2].dialogue] == [
        ("", "They're coming out of the woodwork!"), ("pause", "No, everybody we've put away!"),
        ("pause", "Point Blank Sniper?")]


def test_the_last_birthday_card_with_sections_and_synopses() -> None:
    p = import_file(REAL / "the_last_birthday_card.fountain")
    assert p.name == "THE LAST BIRTHDAY CARD", "a tab after 'Title:' and **bold**"
    assert len(p.shots) == 48, "25 INT./EXT. headings and 23 forced ones; the sections before them make no shot"
    assert p.shots[0].scene == "INT. SAN FRANCISCO APARTMENT, DAY"
    assert p.shots[2].scene == "BACK IN THE APARTMENT"
    text = " ".join(_action(p))
    assert "ACT I" not in text and "Meet the players" not in text and "HERE WE GO" not in text
    assert ("BAXTER", "picking up phone", "What?") in _said(p)
    assert "Scott --" in _action(p), "indented action stays action"


def test_my_living_memory_with_crlf_and_lowercase_title_keys() -> None:
    p = import_file(REAL / "my_living_memory.fountain")
    assert p.name == "My Living Memory"
    assert len(p.shots) == 9 and p.shots[0].scene == "INT. MATTHEW'S BEDROOM - DAY"
    assert ("MESSAGE MACHINE", "serious", "Hello, this is Detective Burton and I'm calling for Mrs. Randolph. "
            "Please call me back at 555-1332 as soon as possible.") in _said(p)
    assert ("JOE", "smiles", "What do you think?") in _said(p)
    assert not any(t.startswith("FADE IN") for t in _action(p))


def test_a_bom_and_crlf() -> None:
    p = fountain.loads((REAL / "utf8_bom_crlf.fountain").read_bytes().decode("utf-8"))  # the BOM kept in the text
    assert [s.scene for s in p.shots] == ["EXT. SOMEWHERE - DAY"]
    assert ("GURL", "", "Nothing much. Just thinking. And you?") in _said(p)
    assert _action(p) == ["GUY and GURL walk down the street.",
                          "It's a sunny day. Sunnier than normal. Too sunny to be funny."]


def test_a_two_space_line_keeps_the_speech_going() -> None:
    p = import_file(REAL / "dialogue_two_space_line.fountain")
    assert _said(p) == [("DEALER", "", "Dealer gets a seven. Hit or stand sir?")] and not _action(p)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_real_file_round_trips_through_slate(path: Path, tmp_path: Path) -> None:
    """Import, export, import again: the same shots (ids too), and a second export is byte for byte the first."""
    p = import_file(path)
    text = fountain.dumps(p)
    q = fountain.loads(text)
    assert [s.model_dump() for s in q.shots] == [s.model_dump() for s in p.shots]
    assert fountain.dumps(q) == text
    block = text[text.index("/* Slate:"):]
    assert '"beats"' not in block and '"dialogue"' not in block, "the screenplay itself carries the action"


def _crlf(*lines: str) -> bytes:
    return "\r\n".join(lines).encode("utf-8")


def test_a_blank_line_between_cue_and_parenthetical_keeps_the_speaker(tmp_path: Path) -> None:
    """The reported failure, rebuilt in bytes: CRLF, and a blank line after the cue and after the parenthetical."""
    path = tmp_path / "sample.fountain"
    path.write_bytes(_crlf("Title: Night Shift", "", "INT. DINER - NIGHT", "", "Rain on the glass.", "",
                           "MAVIS", "", "(pouring coffee)", "", "You look like you need this.", "",
                           "She slides the cup over.", "", "MAVIS", "", "Drink up.", "", "HAL (V.O.)", "",
                           "I never did.", "", "BLACK.", "", "The lights go out.", ""))
    p = import_file(path)
    assert [(d.speaker, d.emotion, d.line) for d in p.shots[0].dialogue] == [
        ("MAVIS", "pouring coffee", "You look like you need this."),
        ("MAVIS", "", "Drink up."),  # a name already known to speak
        ("HAL", "V.O.", "I never did.")]  # an extension says it is a cue
    assert [b.text for b in p.shots[0].beats] == ["Rain on the glass.", "She slides the cup over.", "BLACK.",
                                                  "The lights go out."], "a capitalised line alone is still action"


def test_every_kind_of_mess_writers_apps_accept() -> None:
    text = ("\ufefftitle: The Mess\r\nauthor:\r\n\tA. Writer\r\n\tand B. Writer\r\n\r\n"
            "# ACT ONE\r\n\r\n= The setup.\r\n\r\nFADE IN:\r\n\r\n"
            "int. kitchen - day #1#\r\n\r\n\t  Steam rises from a *pot* and **a _kettle_**.\r\n\r\n"
            "[[A note that runs\r\nover two lines]]\r\n\r\n/* cut:\r\nINT. NOWHERE\r\n*/\r\n\r\n"
            "@McCLANE\r\nYippee.\r\n\r\nBOB ^\r\nHey.\r\n\r\nANNA (O.S.)\r\n(muffled)\r\nOpen up!\r\n\r\n"
            "ANNA (CONT'D)\r\nNow.\r\n\r\n===\r\n\r\n> THE END <\r\n\r\nCUT TO:\r\n\r\n"
            "I/E. CAR - MOVING\rThe road hums.\r\rEST. TOWER - NIGHT #12A#\n\nIt looms.\n\n"
            ".FLASHBACK\n\nINT./EXT. BARN - DUSK\n\nEXT/INT. SHED\n\n> DISSOLVE TO:\n\nEnd.\n")
    p = fountain.loads(text)
    assert p.name == "The Mess"
    assert [s.scene for s in p.shots] == ["int. kitchen - day", "I/E. CAR - MOVING", "EST. TOWER - NIGHT",
                                          "FLASHBACK", "INT./EXT. BARN - DUSK", "EXT/INT. SHED"]
    kitchen = p.shots[0]
    assert [b.text for b in kitchen.beats] == ["Steam rises from a pot and a kettle.", "THE END"]
    assert [(d.speaker, d.emotion, d.line) for d in kitchen.dialogue] == [
        ("McCLANE", "", "Yippee."), ("BOB", "", "Hey."), ("ANNA", "O.S., muffled", "Open up!"), ("ANNA", "", "Now.")]
    assert [b.text for b in p.shots[1].beats] == ["The road hums."], "a lone CR ends a line too"
    assert [b.text for s in p.shots for b in s.beats][-1] == "End."
    dump = p.model_dump_json()
    assert "NOWHERE" not in dump and "note that runs" not in dump and "setup" not in dump and "ACT ONE" not in dump


def test_a_first_line_with_a_colon_is_not_a_title_page_unless_its_key_is_one() -> None:
    p = fountain.loads("Later that night: the ship sinks.\n\nINT. HOLD - NIGHT\n\nWater pours in.\n")
    assert p.name == "Screenplay"
    assert [b.text for b in p.shots[0].beats] == ["Later that night: the ship sinks."]


def test_a_name_inside_a_sentence_is_not_a_cue() -> None:
    """Big Fish splits one action sentence around a capitalised name: "Edward turns to see" / "KARL" / "to his
    right, coming down the larger, paved road." (and SANDRA, YOUNG EDWARD the same way). KARL does speak elsewhere,
    so only the sentence around the name says it is action."""
    p = import_file(REAL / "big_fish.fountain")
    action = _action(p)
    for before, name, after in (("Edward turns to see", "KARL", "to his right, coming down the larger, paved road."),
                                ("We PUSH IN on the Old Woman's glass eye, where we see...", "YOUNG EDWARD",
                                 "reflected.  This is what he saw.")):
        assert any(t.endswith(before) for t in action) and name in action and after in action, name
    assert not any("to his right" in line or "sitting on the edge of the tub" in line for _, _, line in _said(p))
