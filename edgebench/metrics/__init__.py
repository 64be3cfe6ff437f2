"""Built-in metrics, registered through the same hook as any plugin's."""
from edgebench.hookspecs import hookimpl


@hookimpl
def register_metrics(register) -> None:
    from edgebench.metrics import binary, classification, funccall, modes, spans
    from edgebench.metrics import json as json_metrics

    # Each metric reads the records of some task families only: ``families`` lets a config that names
    # it for another family fail in `validate`, before a run (a family's subclasses count as it).
    groups = {
        ("intent",): (classification.top1_acc, classification.top1_acc_norm, classification.top5_acc,
                      classification.macro_f1, classification.invalid_rate, classification.oos_recall,
                      classification.oos_precision, classification.in_scope_acc),
        ("binary_filter",): (binary.precision, binary.recall, binary.f1, binary.auroc),
        ("pii",): (spans.span_precision, spans.span_recall, spans.span_f1, spans.span_f1_partial, spans.redaction_exact),
        ("funccall",): tuple(funccall.METRICS),
        ("json", "aggregate"): (json_metrics.json_exact, json_metrics.field_f1, json_metrics.schema_valid, json_metrics.parse_rate),
        **modes.GROUPS,
    }
    for families, fns in groups.items():
        for fn in fns:
            fn.families = families
            register(fn.__name__, fn)
