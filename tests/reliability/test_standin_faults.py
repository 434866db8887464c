"""The stand-in's own faults are what they claim (issue 19 points 11, 12): reset and lost drop the connection."""

from __future__ import annotations

import httpx
import pytest

from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.reliability
BODY = {"prompt": "A kite.", "model": "sora-2", "size": "1280x720", "seconds": "4"}


@pytest.mark.parametrize("fault", ["reset@create:first=1", "lost@create:first=1"])
def test_reset_and_lost_drop_the_connection_instead_of_answering(start_standin: Start, fault: str) -> None:
    s = start_standin(faults=fault)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # no status line at all, not a 500
        httpx.post(s.base_url + "/videos", json=BODY, headers={"authorization": "Bearer sk-test"}, timeout=10)
    made = stats(s)["creates"]
    assert made == (1 if fault.startswith("lost") else 0), "lost: the job exists, only its answer was dropped"
    ok = httpx.post(s.base_url + "/videos", json=BODY, headers={"authorization": "Bearer sk-test"}, timeout=10)
    assert ok.status_code == 200, "only the first request is dropped"
