"""EdgeJSON data: schemas' text families (v1) and registers around protected values (v2)."""
