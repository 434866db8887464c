"""The one error a model-profile file can raise: it names the file, the key and the problem."""

from __future__ import annotations

from composer.errors import SlateError


class ProfileError(SlateError):
    """A model-profile data file has a mistake; ``file``, ``key`` and ``problem`` say where and what."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}",
                         hint="Fix the model profile file (resources/models/); Slate reads it at start.")
