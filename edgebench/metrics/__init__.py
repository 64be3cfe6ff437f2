"""Built-in metrics, registered through the same hook as any plugin's."""
from edgebench.hookspecs import hookimpl


@hookimpl
def register_metrics(register) -> None:
    from edgebench.metrics import binary, classification, funccall, spans
    from edgebench.metrics import json as json_metrics

    for fn in (classification.top1_acc, classification.top5_acc, classification.macro_f1,
               classification.invalid_rate,
               binary.precision, binary.recall, binary.f1, binary.auroc,
               spans.span_precision, spans.span_recall, spans.span_f1, spans.span_f1_partial,
               spans.redaction_exact, *funccall.METRICS,
               json_metrics.json_exact, json_metrics.field_f1, json_metrics.schema_valid, json_metrics.parse_rate):
        register(fn.__name__, fn)
