from __future__ import annotations

from composer.catalog import capabilities as caps
from composer.catalog.capabilities import Mode


def test_strict_mode_is_the_sdk_contract() -> None:
    s2 = caps.model("sora-2", Mode.STRICT)
    assert s2 is not None and s2.seconds == (4, 8, 12) and set(s2.sizes) == {"1280x720", "720x1280"}
    pro = caps.model("sora-2-pro", Mode.STRICT)
    assert pro is not None and "1920x1080" not in pro.sizes and "1792x1024" in pro.sizes


def test_docs_mode_adds_long_clips_and_1080p_on_pro_only() -> None:
    s2 = caps.model("sora-2", Mode.DOCS)
    pro = caps.model("sora-2-pro", Mode.DOCS)
    assert s2 is not None and pro is not None
    assert 20 in s2.seconds and "1920x1080" not in s2.sizes
    assert "1080x1920" in pro.sizes


def test_default_mode_is_strict_and_unknown_models_are_none() -> None:
    assert caps.default_mode() is Mode.STRICT
    assert caps.model("sora-9") is None


def test_limits_and_prices_come_from_resources() -> None:
    lim = caps.limits()
    assert (lim.max_characters_per_shot, lim.max_extensions, lim.max_extension_chain_seconds) == (2, 6, 120)
    assert caps.estimate_cost("sora-2", "1280x720", 8) == 0.8
    assert caps.estimate_cost("sora-2-pro", "1792x1024", 12) == 6.0
    assert caps.estimate_cost("sora-2-pro", "1792x1024", 12, backend="animatic") == 0.0
