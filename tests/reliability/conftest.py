"""The reliability suite reuses the stand-in fixtures (real server on loopback, real openai SDK)."""

from tests.standin.conftest import standin, start_standin  # noqa: F401
