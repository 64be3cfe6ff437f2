"""The one error type the CLI turns into a single line and exit code 2."""


class EdgeBenchError(Exception):
    """A user-facing error: the message names the input and says what to do."""
