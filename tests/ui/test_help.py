"""Help: the lint-code page is generated from the rule records and searchable; Why? opens it at the code; tips."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from composer.lint.registry import all_rules, get_rule


def test_every_rule_is_on_the_help_page_with_its_guide_quote(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.help_view import RuleHelp

    page = RuleHelp()
    qtbot.addWidget(page)
    assert page.visible_codes() == [r.code for r in all_rules()]
    page.show_code("SL052")
    rule = get_rule("SL052")
    shown = page.text.toPlainText()
    assert rule.code in shown and rule.fix_title in shown and rule.why.strip('"')[:40] in shown


def test_search_narrows_to_matching_rules(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.help_view import RuleHelp

    page = RuleHelp()
    qtbot.addWidget(page)
    page.search.setText("reference image")
    codes = page.visible_codes()
    assert "SL053" in codes and len(codes) < len(all_rules())
    page.search.setText("zzzz-no-such-word")
    assert page.visible_codes() == []
    page.search.setText("")
    assert len(page.visible_codes()) == len(all_rules())


def test_why_on_a_finding_opens_the_help_at_its_code(window) -> None:  # type: ignore[no-untyped-def]
    view = window.help.show_rule_help("SL050")
    assert view.isVisible() and view.list.currentItem().text().startswith("SL050")
    texts = [a.text() for a in window.findChildren(QAction)]
    assert "What each &lint code means…" in texts and "&Tips…" in texts and "Open &log folder" in texts


def test_tips_step_through_and_remember_the_choice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.help_view import TIPS, TipsDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    tips = TipsDialog(settings=settings)
    qtbot.addWidget(tips)
    first = tips.title.text()
    tips.go(1)
    assert tips.title.text() == TIPS[1][0] != first and tips.counter.text() == f"2 / {len(TIPS)}"
    tips.go(-2)
    assert tips.title.text() == TIPS[-1][0]
    tips.again.setChecked(False)
    assert settings.value("show_tips", True, type=bool) is False


def test_bundle_export_then_open_brings_the_project_back(window, qtbot, project_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    out = tmp_path / "handoff.zip"
    window.files.export_bundle(out, takes="hero")  # written off the GUI thread; the status bar says when
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Bundle written"), timeout=30_000)
    assert zipfile.is_zipfile(out)
    assert f"{project_path.stem}/{project_path.name}" in zipfile.ZipFile(out).namelist()
    window.files.open_bundle(out, tmp_path / "unpacked")
    unpacked = (tmp_path / "unpacked" / project_path.stem / project_path.name).resolve()
    qtbot.waitUntil(lambda: window.bridge.document.path == unpacked, timeout=30_000)
    assert [s.id for s in window.bridge.document.project.shots]


def test_a_hostile_bundle_is_refused_with_a_message(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("../../escape.slate", "{}")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    before = window.bridge.document.path
    window.files.open_bundle(bad, tmp_path / "x")
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "outside the bundle" in said[0] and window.bridge.document.path == before
    assert not (tmp_path.parent / "escape.slate").exists()
