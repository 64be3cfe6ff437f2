"""The ``edgebench`` command: thin wrappers that parse, call the library and print."""
from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import click

from edgebench import __version__
from edgebench.cli_params import BATCH_SIZE, LIMIT
from edgebench.errors import EdgeBenchError, Interrupted


class Group(click.Group):
    """Turns every EdgeBenchError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EdgeBenchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:
            if exc.filename is None:
                raise
            # A place the environment does not let us use (an unwritable HOME, a path under /proc or
            # under a file): the user's to fix, so one line that names it, not a traceback.
            click.echo(f"error: cannot use '{exc.filename}' ({exc.strerror}); point EDGEBENCH_CACHE, --output-path "
                       f"or --out at a writable folder", err=True)
            sys.exit(2)
        except KeyboardInterrupt as exc:
            # Only a command that knows what it saved says so (run raises Interrupted with its message).
            click.echo(f"interrupted: {exc}" if str(exc) else "interrupted", err=True)
            sys.exit(130)

    def main(self, *args, **kwargs):
        """Click's own usage errors ("no such option", a bad value) as one ``error:`` line too."""
        kwargs.pop("standalone_mode", None)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"error: {exc.format_message()}{where}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("interrupted", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="edgebench")
def cli() -> None:
    """EdgeBench: score micro and nano language models on structured edge tasks, for quality and cost."""

# Test samples per task when --limit is not given: the whole suite on the embedded model then takes
# minutes on 2 CPU cores, not hours (README: "How long a run takes"); --limit all scores every sample.
DEFAULT_LIMIT = 5

include_option = click.option("--include-path", "include_paths", multiple=True, type=click.Path(),
                              help="A folder of your own task YAML configs (repeatable).")


@cli.command()
@click.option("--model", "model_spec", required=True, help="Model spec, e.g. hf:SmolLM2-135M-Instruct (see 'edgebench models').")
@click.option("--tasks", "task_names", default="all", show_default=True, help="Comma-separated task names, or 'all'.")
@click.option("--limit", type=LIMIT, default=str(DEFAULT_LIMIT), show_default=True,
              help="At most N test samples per task (the first N), or 'all' for the whole test split.")
@click.option("--batch-size", type=BATCH_SIZE, default="8", show_default=True,
              help="Requests per backend call, or 'auto' (the largest that fits and still pays, probed once).")
@click.option("--output-path", type=click.Path(file_okay=False), default="results", show_default=True)
@click.option("--seed", type=click.IntRange(min=0, max=2**32 - 1), default=1234, show_default=True)
@click.option("--log-samples", is_flag=True, help="Write samples_<task>.jsonl with every input, output and score.")
@click.option("--dtype", default=None,
              help="Weights precision for backends that have one (hf: auto = bfloat16 where the CPU has bf16 "
                   "instructions, else float32; also float32, bfloat16, float16, int8).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="CPU threads the model may use (pins the budget so figures compare across machines).")
@click.option("--json-lock", type=click.Choice(["off", "on", "both"]), default="off", is_flag=False, flag_value="on",
              show_default=True, help="Schema-locked decoding on tasks with a JSON schema; 'both' runs each "
                                      "such task unlocked and locked (as TASK_locked).")
@click.option("--bootstrap-iters", type=click.IntRange(min=0), default=1000, show_default=True)
@click.option("--cache-path", type=click.Path(dir_okay=False), default=None,
              help="Response cache (SQLite). Default: <EDGEBENCH_CACHE>/responses.sqlite.")
@click.option("--no-cache", is_flag=True, help="Compute every sample; read and write no cache.")
@click.option("--no-progress", is_flag=True, help="Hide the progress bars.")
@include_option
def run(model_spec, task_names, limit, batch_size, output_path, seed, log_samples, dtype, threads, json_lock,
        bootstrap_iters, cache_path, no_cache, no_progress, include_paths) -> None:
    """Score a model on tasks; writes results.json (and samples with --log-samples)."""
    from edgebench import results as results_io
    from edgebench.reporting import run_tables
    from edgebench.cache import ResponseCache
    from edgebench.evaluator import RunSettings, evaluate
    from edgebench.models import cache_root, load_backend
    from edgebench.tasks.config import discover, select
    from edgebench.tasks.locking import apply_json_lock

    results_io.check_writable(output_path)  # before any work: a run must never be lost to its last step
    index = discover(include_paths)
    named = [n.strip() for n in task_names.split(",") if n.strip()]
    # named one by one (not 'all', not a tag): a task the backend cannot run is an error, not a skip
    all_named = task_names.strip() != "all" and all(n in index or n.endswith((".yaml", ".yml")) for n in named)
    tasks = apply_json_lock(select(task_names, include_paths, index), json_lock)  # config problems show before the model loads
    for task in tasks:
        task.docs("test", limit)
    if threads and threads > 4 * (os.cpu_count() or 1):
        raise EdgeBenchError(f"--threads {threads} is more than 4x the {os.cpu_count()} CPUs here; give at most "
                             f"{4 * (os.cpu_count() or 1)} (usually one per core)")
    backend_settings = {key: value for key, value in (("dtype", dtype), ("threads", threads)) if value}
    backend = load_backend(model_spec, batch_size=8 if batch_size == "auto" else batch_size, **backend_settings)
    cache = None if no_cache else ResponseCache(cache_path or cache_root() / "responses.sqlite")
    try:
        results, samples = evaluate(backend, tasks, RunSettings(limit=limit, batch_size=batch_size, seed=seed,
                                                                bootstrap_iters=bootstrap_iters,
                                                                progress=not no_progress,
                                                                skip_unsupported=not all_named), cache)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted):
            raise
        raise Interrupted("finished samples are in the response cache; re-run the same command to resume"
                          if cache is not None else "nothing was kept (--no-cache); run without --no-cache "
                          "to make a run resumable") from None
    finally:
        if cache is not None:
            cache.close()
            if cache.unreadable:
                click.echo(f"warning: {cache.unreadable} answer(s) in the response cache '{cache.path}' did not read "
                           f"back and were computed again", err=True)
    for name, why in results.get("skipped", {}).items():
        click.echo(f"warning: skipped task '{name}': {why}", err=True)
    # the exact command, for the leaderboard's model page and for whoever reruns it
    results["command"] = shlex.join(["edgebench", *sys.argv[1:]])
    path = results_io.write_results(output_path, results)
    if log_samples:
        for name, records in samples.items():
            results_io.write_samples(output_path, name, records)
    stale = results_io.remove_stale_samples(output_path, samples if log_samples else {})
    if stale:
        click.echo(f"note: removed {len(stale)} samples file(s) of an earlier run from {output_path} "
                   f"({', '.join(stale[:3])}{', ...' if len(stale) > 3 else ''})", err=True)
    click.echo(run_tables.format_table(results))
    click.echo(run_tables.format_cost(results))
    totals = results["totals"]
    click.echo(f"{totals['samples']} samples ({totals['from_cache']} from cache, {totals['computed']} computed) "
               f"in {totals['wall_s']:.1f} s; results: {path}")


@cli.command("compare")
@click.argument("results_a", type=click.Path())
@click.argument("results_b", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare_runs(results_a, results_b, as_json: bool) -> None:
    """Compare run B against run A: per-metric difference and retention B/A, size and edge cost.

    RESULTS_A and RESULTS_B are results.json files written by 'edgebench run' (or their folders)."""
    from edgebench.reporting.compare import compare, format_comparison, load_results

    from edgebench.reporting.compare_paired import load_samples

    a, b = load_results(results_a, "RESULTS_A"), load_results(results_b, "RESULTS_B")
    cmp = compare(a, b, load_samples(results_a, list(a["results"])), load_samples(results_b, list(b["results"])))
    cmp["a"]["path"], cmp["b"]["path"] = results_a, results_b
    for line in cmp["warnings"]:
        click.echo(f"warning: {line}", err=True)
    click.echo(json.dumps(cmp, indent=2) if as_json else format_comparison(cmp).rstrip("\n"))


@cli.command("tasks")
@include_option
def list_tasks(include_paths) -> None:
    """List the task configs (built-in, from plugins, and from --include-path) with their sizes."""
    from edgebench.tasks.config import build_task, discover

    click.echo(f"{'task':<24} {'family':<14} {'ver':<4} {'train':>6} {'test':>6}  {'origin':<16} description")
    for name, source in sorted(discover(include_paths).items()):
        try:
            task = build_task(source)
            sizes = {split: len(ds) for split, ds in task.dataset.items()}
            click.echo(f"{name:<24} {task.family:<14} {task.version!s:<4} {sizes.get('train', 0):>6} "
                       f"{sizes.get('test', 0):>6}  {source.origin:<16} {task.config.get('description', '')}")
        except EdgeBenchError as exc:
            click.echo(f"{name:<24} BROKEN: {exc}")


@cli.command()
@click.argument("configs", nargs=-1, required=True, type=click.Path())
def validate(configs) -> None:
    """Check task config files: schema, family, metrics, data files, non-empty splits, breakdown, oos_label."""
    from edgebench.tasks.config import ConfigSource, build_task

    bad = 0
    for raw in configs:  # every file is checked and reported, not only up to the first bad one
        try:
            task = build_task(ConfigSource(Path(raw), "path"))
            task.preflight(task.docs("test"))
        except EdgeBenchError as exc:
            bad += 1
            click.echo(f"error: {exc}", err=True)
            continue
        splits = ", ".join(f"{name} {len(split)}" for name, split in task.dataset.items())
        click.echo(f"ok: {raw}: task '{task.name}' ({task.family}, v{task.version}): {splits}; "
                   f"fingerprint {task.fingerprint[:12]}")
    if bad:
        sys.exit(2)


@cli.command("generate")
@click.option("--task", "task_name", required=True, help="A task whose data is generated (see 'edgebench tasks').")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the dataset to.")
@click.option("--teacher", default=None, help="Backend spec that paraphrases the inputs (gold is never changed).")
@click.option("--teacher-rule", "teacher_rules", multiple=True,
              help="Route rows to a teacher: 'task:NAME=SPEC' or 'KEYWORD=SPEC' (repeatable, first match wins).")
@click.option("--seed", type=click.IntRange(min=0, max=2**32 - 1), default=None,
              help="Generator seed (default: the config's dataset.seed).")
@include_option
def generate(task_name, out_dir, teacher, teacher_rules, seed, include_paths) -> None:
    """Generate a task's dataset from its seed: Arrow folders, a card, validator pass rates."""
    from edgebench import results as results_io
    from edgebench.data.generate import generate as generate_data
    from edgebench.data.teacher import TeacherRouter
    from edgebench.tasks.config import select

    results_io.check_writable(out_dir, "--out")
    task = select(task_name, include_paths)[0]
    if seed is not None:
        if "generator" not in task.config["dataset"]:
            raise EdgeBenchError(f"task '{task.name}' reads files; --seed applies to generated tasks only")
        task.config["dataset"]["seed"] = seed
    card = generate_data(task, Path(out_dir), TeacherRouter.parse(teacher, teacher_rules))
    sizes = ", ".join(f"{split} {entry['rows']}" for split, entry in card["splits"].items())
    click.echo(f"{task.name}: {sizes}; fingerprint {card['fingerprint']}")
    for split, report in card.get("paraphrase_validation", card["validation"]).items():
        rates = ", ".join(f"{level} {rate:.3f}" for level, rate in report["pass_rate"].items())
        click.echo(f"  {split}: {report['kept']}/{report['checked']} pass every level ({rates})")
    for split, entry in card["diversity"].items():
        if split == "leakage":
            click.echo(f"  leakage: test rows' nearest train row (TF-IDF cosine) mean {entry['test_nearest_train_cosine_mean']}, "
                       f"share > {entry['near_copy_threshold']}: {entry['test_share_near_copy']}; test templates "
                       f"also in train: {entry['test_templates_in_train']}")
        else:
            templates = f"{entry['templates']} templates, " if "templates" in entry else ""
            click.echo(f"  {split}: {templates}{entry['trigrams_per_1000_rows']} word 3-grams per 1,000 rows")
    click.echo(f"wrote {out_dir}/data, card.json, README.md")


@cli.command("train")
@click.argument("recipe")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a recipe key (dotted, value parsed as YAML), e.g. --set schedule.max_steps=20 (repeatable).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Output folder (the model; checkpoints and logs go in its training/). Default: runs/RECIPE.")
@click.option("--resume", is_flag=True, help="Continue from the latest checkpoint in --out.")
@click.option("--stop-after", type=click.IntRange(min=1), default=None, metavar="STEPS",
              help="Train at most STEPS optimizer steps in this run, checkpoint, and stop (continue with --resume).")
@click.option("--score-only", is_flag=True,
              help="Train nothing: score the model already in --out on the recipe's eval tasks (--set eval.KEY=...) "
                   "and rewrite its card.")
def train(recipe, overrides, out_dir, resume, stop_after, score_only) -> None:
    """Train a model from RECIPE (a built-in recipe name or a YAML path) and score it on EdgeBench."""
    from trainers.recipe import load_recipe
    from trainers.run import rescore, train_recipe

    loaded = load_recipe(recipe, overrides)  # every recipe problem shows before anything loads or trains
    out = Path(out_dir or Path("runs") / loaded.name)
    if score_only:
        rescore(loaded, out)
        click.echo(f"scored {out} (scores in eval/results.json, model card README.md)")
        return
    result = train_recipe(loaded, out, resume=resume, stop_after=stop_after)
    if result is None:
        click.echo(f"stopped after {stop_after} steps; checkpoint in {out / 'training' / 'checkpoints'}; "
                   f"continue with: edgebench train {recipe}{''.join(f' --set {o}' for o in overrides)} --out {out} --resume")
        return
    click.echo(f"wrote {out} (model card README.md, scores in eval/results.json, log in training/log.jsonl); "
               f"score it with: edgebench run --model hf:{out}")


@cli.command("export")
@click.argument("model")
@click.option("--int8", "kinds", flag_value="int8", multiple=True, help="Dynamic int8 of the Linear layers (MODEL-int8/).")
@click.option("--onnx", "kinds", flag_value="onnx", multiple=True,
              help="ONNX graph checked by onnxruntime against torch (MODEL-onnx/).")
@click.option("--gguf", "kinds", flag_value="gguf", multiple=True, help="GGUF for llama.cpp, llama models (MODEL.gguf).")
@click.option("--gguf-f16", "kinds", flag_value="gguf-f16", multiple=True, help="GGUF in f16 (MODEL-f16.gguf).")
@click.option("--gguf-q8", "kinds", flag_value="gguf-q8_0", multiple=True,
              help="GGUF quantized by llama.cpp to Q8_0 (MODEL-q8_0.gguf; extra llamacpp).")
@click.option("--gguf-q4", "kinds", flag_value="gguf-q4_0", multiple=True,
              help="GGUF quantized by llama.cpp to Q4_0, the int4 variant (MODEL-q4_0.gguf; extra llamacpp).")
@click.option("--eval", "eval_tasks", default=None, metavar="TASKS",
              help="Also score fp32 and the variant on TASKS (comma-separated) and print the retention.")
@click.option("--limit", type=LIMIT, default=str(DEFAULT_LIMIT), show_default=True, help="Test samples per task for --eval.")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="CPU threads for export checks and --eval.")
@click.option("--json-lock", type=click.Choice(["off", "on", "both"]), default="off", is_flag=False, flag_value="on",
              show_default=True, help="--eval's schema-locked decoding, as edgebench run's --json-lock.")
def export(model, kinds, eval_tasks, limit, threads, json_lock) -> None:
    """Write a deployable variant of MODEL (a trained Hugging Face folder) next to it."""
    import torch

    from edgebench.reporting.compare import format_comparison
    from edgebench.reporting.model_card import record_variant
    from edgebench.variants import export_variant, load_folder
    from edgebench.variants.retention import SPECS, retention

    if not kinds:
        raise EdgeBenchError("export: name a variant: --int8, --onnx, --gguf, --gguf-f16, --gguf-q8 or --gguf-q4 "
                             "(several may be given)")
    if json_lock != "off" and not eval_tasks:
        raise EdgeBenchError(f"export --json-lock {json_lock}: it locks --eval's decoding; add --eval TASKS")
    if eval_tasks:
        from edgebench.tasks.config import select
        from edgebench.tasks.locking import apply_json_lock

        apply_json_lock(select(eval_tasks, []), json_lock)  # an unknown task or an unlockable set fails before any export
    if eval_tasks and any(kind not in SPECS for kind in kinds):
        raise EdgeBenchError("export --eval: an onnx variant has no EdgeBench backend to score it (its check is the "
                             "max |Δ logits| the export asserts); use --eval with --int8 or --gguf only")
    if threads:
        torch.set_num_threads(threads)
    folder = load_folder(model)
    for kind in dict.fromkeys(kinds):
        info = export_variant(str(folder), kind)
        saved = f"{info['bytes'] / 1e6:.2f} MB (fp32 weights {info['source_bytes'] / 1e6:.2f} MB)"
        check = f"; max |Δ logits| vs torch {info['max_abs_logit_diff']:.2e}" if "max_abs_logit_diff" in info else ""
        if "int8_bytes" in info:
            check += (f"; onnxruntime int8 graph {info['int8_bytes'] / 1e6:.2f} MB, max |Δ logits| "
                      f"{info['int8_max_abs_logit_diff']:.2e}")
        click.echo(f"{kind}: wrote {info['path']}, {saved}{check}")
        kept = None
        if eval_tasks:
            cmp = retention(folder, kind, Path(info["path"]), eval_tasks, limit, threads, json_lock)
            click.echo(format_comparison(cmp).rstrip())
            kept = {name: {"metric": entry["headline"], **entry["metrics"][entry["headline"]]}
                    for name, entry in cmp["tasks"].items() if entry["headline"] is not None}
        if record_variant(folder, kind, info, kept):
            click.echo(f"{kind}: recorded in {folder / 'README.md'} (section Variants)")


@cli.command("models")
def list_models() -> None:
    """List the model specs that resolve offline."""
    from edgebench.models import available_specs, spec_note

    for spec in available_specs():
        click.echo(f"{spec:<45} {spec_note(spec)}")


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_plugins(as_json: bool) -> None:
    """List loaded plugins with their versions and hooks."""
    from edgebench.plugins import get_registry

    registry = get_registry()
    rows = [{"name": p.name, "version": p.version, "builtin": p.builtin, "hooks": p.hooks,
             "registered": sorted(f"{kind}:{name}" for (kind, name), owner in registry.owners.items()
                                  if owner == p.name)} for p in registry.plugins]
    if as_json:
        click.echo(json.dumps({"plugins": rows, "failed": registry.failed}, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']}{' (built-in)' if row['builtin'] else ''}: "
                   f"{', '.join(row['hooks']) or 'no hooks'}")
        if row["registered"]:
            click.echo(f"    {', '.join(row['registered'])}")
    for name, why in registry.failed.items():
        click.echo(f"{name}: FAILED ({why})")


def _add_command_groups() -> None:
    # their own packages, imported here: each keeps its heavy imports inside its commands
    from edgebench.leaderboard.cli import leaderboard
    from edgebench.submission.cli import submit, verify

    for command in (leaderboard, submit, verify):
        cli.add_command(command)


_add_command_groups()


def main() -> None:
    cli()
