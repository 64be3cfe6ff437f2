"""The click parameter types of `edgebench run`: a batch size (or 'auto') and a --limit (or 'all')."""
from __future__ import annotations

import click


class BatchSize(click.ParamType):
    """A positive integer or 'auto'."""

    name = "batch_size"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "auto":
            return value
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            self.fail(f"'{value}' is not a positive integer or 'auto'", param, ctx)
        return number


BATCH_SIZE = BatchSize()


class Limit(click.ParamType):
    """A positive integer, or 'all' (None: every test sample)."""

    name = "limit"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, int) or value == "all":
            return None if value == "all" else value
        if not str(value).isdigit() or int(value) < 1:
            self.fail(f"'{value}' is not a positive integer or 'all'", param, ctx)
        return int(value)


LIMIT = Limit()
