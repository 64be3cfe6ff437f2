"""Candidates for edge_verify: gold answers of other tasks' rows, and corrupted ones."""
