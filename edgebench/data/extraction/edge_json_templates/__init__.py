"""Text templates for the EdgeJSON generator: one ``Spec`` (gold values + text families) per schema."""
from edgebench.data.extraction.edge_json_templates import complex_a, complex_b, medium, simple
from edgebench.data.extraction.edge_json_templates.common import DATE_STYLES, TIME_STYLES, Spec

SPECS: dict[str, Spec] = {**simple.SPECS, **medium.SPECS, **complex_a.SPECS, **complex_b.SPECS}

__all__ = ["DATE_STYLES", "SPECS", "TIME_STYLES", "Spec"]
