"""The library's own exceptions. The CLI maps each to a one-line message and an exit code."""


class SgbError(Exception):
    """Base of every error sgb raises on purpose."""


class InputError(SgbError):
    """The input cannot be read as a circular: binary, undecodable, too large, or missing."""


class RuleError(SgbError):
    """A rule table (shipped or given by the user) is malformed."""


class ValidationFailure(SgbError):
    """A structured file does not satisfy the models; `problems` lists (json_path, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")
