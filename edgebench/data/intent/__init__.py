"""EdgeIntent data: the catalog generator (v1) and its compositional version (v2)."""
