"""Built-in metrics, registered through the same hook as any plugin's."""
from edgebench.hookspecs import hookimpl


@hookimpl
def register_metrics(register) -> None:
    from edgebench.metrics import classification

    for fn in (classification.top1_acc, classification.top5_acc, classification.macro_f1,
               classification.invalid_rate):
        register(fn.__name__, fn)
