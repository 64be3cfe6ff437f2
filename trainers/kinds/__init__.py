"""The trainer types a recipe names (``trainer:``), one module each."""
