"""Submission entries: one archive per run (``edgebench submit``) and its certification (``edgebench verify``)."""
