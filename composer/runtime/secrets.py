"""The API key: OS keychain (keyring, service "slate") or OPENAI_API_KEY; never files, settings or logs."""

from __future__ import annotations

import os

from composer.errors import SlateError, register_secret

SERVICE = "slate"
USER = "api_key"


class KeychainError(SlateError):
    """The OS keychain is unavailable; the message says what to do instead."""


def resolve_api_key() -> str | None:
    """The key from the keychain, else from $OPENAI_API_KEY, else None."""
    try:
        import keyring

        key = keyring.get_password(SERVICE, USER)
    except Exception:  # any keyring backend failure means 'no key there', never a crash
        key = None
    key = key or os.environ.get("OPENAI_API_KEY") or None
    if key:
        register_secret(key)  # whatever its shape, it is scrubbed from every message and log line
    return key


def store_api_key(key: str) -> None:
    register_secret(key)
    try:
        import keyring

        keyring.set_password(SERVICE, USER, key)
    except Exception:  # keyring raises backend-specific errors
        raise KeychainError(
            "No OS keychain is available to store the API key.",
            hint="Set OPENAI_API_KEY in your environment instead (the key is never written to settings).",
        ) from None  # never chain the original: its text may quote the secret


def clear_api_key() -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, USER)
    except Exception:  # nothing stored, or no keychain: either way no key remains with us
        pass
