"""Tables people read: run tables, comparisons of two runs (paired and not), model cards."""
