"""A user's own data files: containers, typed rows, one-file splits, other layouts (BFCL)."""
