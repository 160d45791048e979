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


class UsageError(SgbError):
    """The request itself is impossible (two inputs on one output, a missing option): exit 2 in the CLI."""


def one_line(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """An error as one line: the library's own message, or `internal error: …` for anything else."""
    if isinstance(exc, SgbError):
        return one_line(str(exc))
    return one_line(f"internal error: {type(exc).__name__}: {exc}")
