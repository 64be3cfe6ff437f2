"""``edgebench submit`` and ``edgebench verify``."""
from __future__ import annotations

import click

from edgebench.submission.rerun import DEFAULT_SAMPLE, DEFAULT_TOLERANCE, REDUCED_PRECISION_TOLERANCE


@click.command("submit")
@click.argument("results_dir", type=click.Path())
@click.option("--out", "out_path", required=True, type=click.Path(), help="The entry archive to write (.tar.gz).")
def submit(results_dir, out_path) -> None:
    """Pack RESULTS_DIR (results.json and every samples_<task>.jsonl) into one submission entry."""
    from edgebench.submission.archive import read_entry, write_entry

    path = write_entry(results_dir, out_path)
    entry = read_entry(path)
    model = (entry.results.get("model") or {}).get("spec", "?")
    samples = sum(len(rows) for rows in entry.samples.values())
    click.echo(str(path))
    click.echo(f"{model}: {len(entry.results['results'])} tasks, {samples} samples, {len(entry.files)} files, "
               f"{path.stat().st_size:,} bytes; check it with 'edgebench verify {path}'")


@click.command("verify")
@click.argument("entry", type=click.Path())
@click.option("--sample", type=click.IntRange(min=1), default=DEFAULT_SAMPLE, show_default=True,
              help="Samples per task to re-run (a fixed seeded pick).")
@click.option("--model", "model", default=None, help="Re-run with this model spec instead of the entry's own.")
@click.option("--tolerance", type=click.FloatRange(min=0.0), default=None,
              help=f"Largest absolute difference allowed in a re-run sample's scores [default: {DEFAULT_TOLERANCE:g} for "
                   f"float32 entries, {REDUCED_PRECISION_TOLERANCE:g} for bf16 / fp16 / int8 / GGUF ones, whose "
                   f"scores move with batching].")
def verify(entry, sample, model, tolerance) -> int:
    """Certify a submission entry: manifest, metrics, fingerprints and a re-run of some samples.

    Exit 0 when every check that ran passed, 1 when one failed; the verification file is written
    beside the archive either way."""
    from edgebench.errors import EdgeBenchError
    from edgebench.submission.archive import entry_from_files, read_files, write_verification
    from edgebench.submission.checks import TaskBook, check_fingerprints, check_manifest, check_metrics, outcome
    from edgebench.submission.rerun import check_rerun

    files = read_files(entry)  # an unsafe or unreadable archive is unusable input: exit 2
    first = check_manifest(files)
    try:
        read = entry_from_files(entry, files)
    except EdgeBenchError as exc:
        if first["ok"]:
            raise  # built broken, not changed since: unusable input
        read, unreadable = None, str(exc)  # changed after packing: the manifest says what, the rest fail
    book = TaskBook() if read is not None else None
    checks = []
    steps = [lambda: first, lambda: check_metrics(read, book), lambda: check_fingerprints(read, book),
             lambda: check_rerun(read, book, spec=model, sample=sample, tolerance=tolerance)]
    for name, run in zip(("manifest", "metrics", "fingerprints", "rerun"), steps):
        if read is None and name != "manifest":
            result = (outcome(name, True, False, f"the entry cannot be read: {unreadable}") if name != "rerun"
                      else outcome(name, False, False, "the entry cannot be read"))
        else:
            result = run()
        checks.append(result)
        word = "SKIP" if not result["ran"] else "PASS" if result["ok"] else "FAIL"
        click.echo(f"{word} {result['name']}: {result['detail']}")
    failed = any(c["ran"] and not c["ok"] for c in checks)
    # certified only when nothing failed and the three checks that need no model all ran
    certified = not failed and all(c["ran"] for c in checks[:3])
    path = write_verification(entry, checks, certified)
    click.echo(f"{'certified' if certified else 'not certified'}; wrote {path}")
    return 1 if failed else 0
