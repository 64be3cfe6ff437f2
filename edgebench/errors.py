"""The one error type the CLI turns into a single line and exit code 2."""


class EdgeBenchError(Exception):
    """A user-facing error: the message names the input and says what to do."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, after the work in hand was saved: the message says where and how to go on."""


class Unsupported(EdgeBenchError):
    """A backend that cannot run a kind of task at all (a classifier asked to generate): with
    ``--tasks all`` or a tag the task is skipped and listed; named on its own it is an error."""
