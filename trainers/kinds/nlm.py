"""``nlm``: a nano language model (a few million parameters) trained from scratch, with its own BPE
tokenizer, to write the answers of filter tasks (spam, toxicity, PII).

Label tokens, not a classification head: the model is an ordinary causal LM (Llama blocks) trained
on the task's prompt -> gold answer, exactly like the SFT recipes. A binary filter's answer is its
label word (``spam`` / ``ham``), which EdgeBench scores by log-likelihood; PII's answer is the
generated JSON list. So one small model serves both kinds of task, and any ``hf:`` loader
(``edgebench run``, transformers) can use the folder with no custom head code.

``model.tokenizer: bpe`` trains the tokenizer (``trainers.corpus.bpe``) on the recipe's train split;
``objective.tokenizer`` sets its size. Any other ``model.tokenizer`` spec is loaded as is.

``objective.augment`` adds noisy copies of the binary filters' TRAIN rows (never validation, never
test): words dropped, case changed, and organisation names (banks, stores, carriers, ...) swapped for
other organisation names seen in the train split. The test split holds out whole message families, and
a model trained on the templates alone learns shortcuts such as "a bank's name means phishing" (the
train split's only bank messages are phishing; the held-out bank alerts are legitimate); a label does
not depend on which organisation a message names, so swapping names is label-preserving. PII rows are
not augmented (their gold spans index the text).

``objective.train_per_template`` ({task: N}) adds train rows from the task's own generator run again
with N rows per template (same seed): the family split is drawn before any row, so these rows come from
the same train families; only its ``train`` split is read, and rows whose text is already a train or
validation row are skipped. More distinct slot values per template, instead of more epochs over the
same rows.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import random
import re

from edgebench.errors import EdgeBenchError
from trainers.base import Trainer
from trainers.corpus.bpe import PRETOKENIZERS, chatml, prompt_pieces, tokenizer_hash, train_bpe
from trainers.fitting.checkpoint import Checkpoints
from trainers.corpus.data import SFTData, _task_rows, build_sft_data, encode, render
from trainers.fitting.loop import fit
from trainers.fitting.losses import answer_only_loss
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish

TRAINED = "bpe"  # model.tokenizer value that asks for a tokenizer trained on the train split
OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "loss": {"const": "sft"},  # cross-entropy on the answer tokens (label word or PII JSON) only
        "tokenizer": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "vocab_size": {"type": "integer", "minimum": 300},
                "min_frequency": {"type": "integer", "minimum": 1},
                "prompt_tokens": {"type": "boolean"},  # each task's fixed prompt text as one token
                "pretokenizer": {"enum": list(PRETOKENIZERS)},  # trainers.corpus.bpe._pretokenizer
            },
        },
        # more train rows for a generated filter task: its generator run again at N rows per template,
        # TRAIN split only (module docstring)
        "train_per_template": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        # an hf: model whose token table starts this one's (trainers.teaching.embedding_transfer)
        "init_embeddings": {"type": "string"},
        # a model that scores the binary filters' labels: its probabilities are taught at the first answer
        # token of every binary-filter train row, weighted teacher_weight against the gold label (trainers.teaching.soft_labels)
        "teacher": {"type": "string"},
        "teacher_weight": {"type": "number", "minimum": 0, "maximum": 1},
        # PII rows: 'generate' (prompt -> JSON answer) or 'tag' (BIO tags over the message's tokens by a head on
        # the model's hidden states; trainers.teaching.span_tagging); tagging: that head's settings
        "pii": {"enum": ["generate", "tag"]},
        "tagging": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "weight": {"type": "number", "exclusiveMinimum": 0},  # a tagged row counts as this many targets
                "width": {"type": "integer", "minimum": 4},           # the GRU's width each way
            },
        },
        "augment": {  # noisy copies of the binary filters' train rows (module docstring)
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "copies": {"type": "integer", "minimum": 0},           # augmented copies of each train row
                "word_dropout": {"type": "number", "minimum": 0, "maximum": 0.5},  # each word dropped with p
                "case": {"type": "number", "minimum": 0, "maximum": 1},            # p of all-lower / ALL-UPPER
                "swap_names": {"type": "number", "minimum": 0, "maximum": 1},      # p of swapping org names
            },
        },
    },
}
AUGMENT_DEFAULTS = {"copies": 0, "word_dropout": 0.0, "case": 0.0, "swap_names": 0.0}
# edgebench.data.filters.v1.LISTS entries that name an organisation (a message's sender or subject)
ORGANISATIONS = ("store", "bank", "carrier", "service", "software", "chat_app", "utility", "clinic", "restaurant",
                 "salon")
TAGGING_DEFAULTS = {"weight": 16.0, "width": 64}
TOKENIZER_DEFAULTS = {"vocab_size": 8192, "min_frequency": 2, "prompt_tokens": True, "pretokenizer": "gpt2"}


def _corpus(recipe: Recipe) -> tuple[list[str], list[str]]:
    """Rendered prompt + answer of every train row (the tokenizer's corpus) and each task's fixed prompt pieces."""
    data_cfg = recipe["data"]
    if data_cfg.get("files"):
        raise EdgeBenchError(f"recipe '{Path(recipe.source).name}': key 'data.files' is not supported with "
                             f"model.tokenizer: {TRAINED}; name data.tasks, or give model.tokenizer an hf: spec")
    texts: list[str] = []
    pieces: list[str] = []
    for task in _tasks(recipe):
        train_docs, _ = _task_rows(task, data_cfg, recipe["seed"])
        rendered = []
        for doc in train_docs:
            req = task.request(doc)
            rendered.append(chatml(req.messages) if req.messages else req.prompt)
            texts.append(rendered[-1] + task.target(doc))
        pieces += prompt_pieces(rendered)
    return texts, pieces


def build_tokenizer(recipe: Recipe) -> Any:
    """The recipe's tokenizer: trained on its train split (``model.tokenizer: bpe``) or loaded."""
    if recipe["model"].get("tokenizer") != TRAINED:
        return load_tokenizer(recipe["model"])
    cfg = {**TOKENIZER_DEFAULTS, **recipe["objective"].get("tokenizer", {})}
    texts, pieces = _corpus(recipe)
    tokenizer = train_bpe(texts, cfg["vocab_size"], pieces=pieces if cfg["prompt_tokens"] else (),
                          min_frequency=cfg["min_frequency"], pretokenizer=cfg["pretokenizer"])
    # the hf: backend renders through the saved chat template; training rendered through chatml()
    probe = (("system", "s"), ("user", "u"))
    assert render(tokenizer, "", probe) == chatml(probe), "chat template and chatml() disagree"
    return tokenizer


def organisation_names(texts: list[str]) -> list[str]:
    """The generator's organisation names that occur in ``texts`` (the train split): the swap pool, so
    no name reaches training that its train split did not already hold. Longest first (regex order)."""
    from edgebench.data.filters.v1 import LISTS

    joined = "\n".join(texts)
    return sorted({v for key in ORGANISATIONS for v in LISTS.get(key, ()) if v in joined}, key=lambda v: (-len(v), v))


def augment_text(text: str, rng: random.Random, cfg: dict[str, Any], names: list[str]) -> str:
    """One noisy copy of a message: organisation names swapped (each occurrence for a random name of the
    pool), words dropped (never all), then maybe all lower / all upper case."""
    if names and rng.random() < cfg["swap_names"]:
        text = re.sub("|".join(map(re.escape, names)), lambda m: rng.choice(names), text)
    if cfg["word_dropout"]:
        words = text.split(" ")
        kept = [w for w in words if rng.random() >= cfg["word_dropout"]]
        text = " ".join(kept) if kept else text
    draw = rng.random()
    if draw < cfg["case"] / 2:
        text = text.lower()
    elif draw < cfg["case"]:
        text = text.upper()
    return text


def generated_rows(task: Any, per_template: int, known: set[str], limit: int | None,
                   held: tuple[str | None, set] = (None, set())) -> list[dict]:
    """Train rows of ``task``'s filter generator at ``per_template`` rows per template (its seed), minus
    rows whose text is in ``known`` and rows of the groups ``held`` = (field, values) that validation holds
    out (``data.val_group``); at most ``limit``."""
    from edgebench.data.filters.v1 import GENERATORS, generate

    spec = task.config.get("dataset", {})
    if spec.get("generator") not in GENERATORS:
        raise EdgeBenchError(f"objective.train_per_template: task '{task.name}' is not made by a filter generator "
                             f"({', '.join(GENERATORS)}); remove it from the key")
    if spec.get("version", 1) == 2:
        # Data v2 draws train rows one after another from the seed: asking for more rows gives the task's own
        # train rows first (dropped below as known), then per_template new rows per train frame.
        from edgebench.tasks.filters import V2, V2_KEYS

        v2 = V2[spec["generator"]]
        share = spec.get("test_share", v2.DEFAULTS["test_share"])
        settings = {k: spec.get(k, v2.DEFAULTS[k]) for k in V2_KEYS}
        settings["rows"] += per_template * v2.train_frame_count(share)
        made = v2.generate(seed=spec.get("seed", 1234), test_share=share, **settings)
    else:
        made = generate(spec["generator"], seed=spec.get("seed", 1234), per_template=per_template)
    rows = [r for r in made["train"] if r["text"] not in known and (held[0] is None or r.get(held[0]) not in held[1])]
    return rows[:limit] if limit else rows


def add_augmented(data: SFTData, recipe: Recipe, tokenizer: Any, soft_for: Any = None,
                  example_for: Any = None) -> SFTData:
    """Generated train rows (``objective.train_per_template``) and ``objective.augment.copies`` noisy
    copies of every binary-filter train row (generated ones included), appended to ``data.train`` and
    shuffled in (seeded); the train docs are the ones ``build_sft_data`` used (``data.task_docs``)."""
    cfg = {**AUGMENT_DEFAULTS, **recipe["objective"].get("augment", {})}
    more = recipe["objective"].get("train_per_template", {})
    if not (cfg["copies"] or more) or not recipe["data"]["tasks"]:
        return data
    unknown = set(more) - set(recipe["data"]["tasks"])
    if unknown:
        raise EdgeBenchError(f"objective.train_per_template names {', '.join(sorted(unknown))}, not in data.tasks")
    data_cfg, seed, max_length = recipe["data"], recipe["seed"], recipe["model"]["max_length"]
    rng = random.Random(f"augment/{seed}")
    extra = []

    def add(task: Any, doc: dict) -> None:
        own = example_for(task, doc) if example_for else None
        if own is not None:
            extra.append(own)
            return
        req = task.request(doc)
        example = encode(tokenizer, render(tokenizer, req.prompt, req.messages), task.target(doc), max_length,
                         task.name)[0]
        example.soft = soft_for(task, doc) if soft_for else None
        extra.append(example)

    for task, train_docs, val_docs in data.task_docs.values():
        if task.name in more:
            known = {doc["text"] for doc in train_docs + val_docs}
            group = data_cfg.get("val_group")  # a held-out template must not come back as generated train rows
            held = (group, {doc[group] for doc in val_docs} if group else set())
            new = generated_rows(task, more[task.name], known, data_cfg.get("limit"), held)
            for doc in new:
                add(task, doc)
            train_docs = train_docs + new
            data.stats.setdefault("generated_rows", {})[task.name] = len(new)
        if not cfg["copies"] or getattr(task, "family", None) != "binary_filter":
            continue  # PII's gold spans index the text; intent-style tasks are not this recipe's
        names = organisation_names([doc["text"] for doc in train_docs]) if cfg["swap_names"] else []
        for _ in range(cfg["copies"]):
            for doc in train_docs:
                add(task, {**doc, "text": augment_text(doc["text"], rng, cfg, names)})
        data.stats.setdefault("augmented_rows", {})[task.name] = cfg["copies"] * len(train_docs)
    train = data.train + extra
    order = list(range(len(train)))
    random.Random(f"augment-order/{seed}").shuffle(order)
    data.train = [train[i] for i in order]
    return data


def tagging_examples(recipe: Recipe, tokenizer: Any) -> Any:
    """With ``objective.pii: tag``: the ``example_for`` that makes PII rows tagging examples; else None."""
    objective = recipe["objective"]
    if objective.get("pii") != "tag":
        return None
    from edgebench.tasks.filters import gold_spans
    from trainers.teaching.span_tagging import tag_example

    weight = {**TAGGING_DEFAULTS, **objective.get("tagging", {})}["weight"]
    if not any(getattr(t, "family", None) == "pii" for t in _tasks(recipe)):
        raise EdgeBenchError(f"recipe '{Path(recipe.source).name}': objective.pii: tag, but data.tasks has no PII "
                             f"task; add one (edge_pii) or drop the key")

    def example_for(task: Any, doc: Any) -> Any:
        if getattr(task, "family", None) != "pii":
            return None
        return tag_example(tokenizer, doc["text"], gold_spans(doc["spans"]), task.types,
                           recipe["model"]["max_length"], task.name, weight)

    return example_for


def _tasks(recipe: Recipe) -> list[Any]:
    from edgebench.tasks.config import select

    include = [str(recipe.folder / p) for p in recipe["data"].get("include_paths", [])]
    return select(",".join(recipe["data"]["tasks"]), include) if recipe["data"]["tasks"] else []


class NLMTrainer(Trainer):
    name = "nlm"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> SFTData:
        tokenizer = build_tokenizer(recipe)
        objective = recipe["objective"]
        soft = None
        if objective.get("teacher"):
            from trainers.teaching.soft_labels import SoftLabels

            soft = SoftLabels(objective["teacher"], tokenizer, threads=recipe["threads"], progress=recipe["progress"])
        want = soft.want if soft else None
        tag = tagging_examples(recipe, tokenizer)
        data = add_augmented(build_sft_data(recipe, tokenizer, want, tag), recipe, tokenizer, want, tag)
        if soft:
            data.stats["teacher"] = soft.resolve(data.train)
        return data

    def train(self, recipe: Recipe, data: SFTData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        tokenizer = data.tokenizer
        digest = tokenizer_hash(tokenizer)
        if resume:
            latest = Checkpoints(out_dir / TRAINING_DIR / "checkpoints", recipe["keep_last"]).latest()
            if latest is not None and Checkpoints.meta(latest).get("tokenizer_sha256") not in (None, digest):
                raise EdgeBenchError(f"--resume: checkpoint '{latest}' was trained with another tokenizer (the train "
                                     f"split or tokenizers version changed); use a new --out to start over")
        model = load_model(recipe["model"], tokenizer)
        objective = recipe["objective"]
        if objective.get("init_embeddings"):  # deterministic, so a resumed run starts from the same table
            from trainers.teaching.embedding_transfer import transfer

            data.stats["init_embeddings"] = transfer(model, tokenizer, objective["init_embeddings"])
        loss_fn = answer_only_loss
        if objective.get("teacher"):
            from trainers.teaching.soft_labels import soft_label_loss

            loss_fn = soft_label_loss(objective.get("teacher_weight", 0.5))
        if objective.get("pii") == "tag":
            from trainers.teaching.span_tagging import attach, tagging_loss

            types = next(t.types for t, _, _ in data.task_docs.values() if getattr(t, "family", None) == "pii")
            attach(model, types, {**TAGGING_DEFAULTS, **objective.get("tagging", {})}["width"])
            loss_fn = tagging_loss(loss_fn)
        result = fit(model, data.train, data.validation, recipe, out_dir / TRAINING_DIR, pad_id=tokenizer.pad_token_id,
                     resume=resume, stop_after=stop_after, loss_fn=loss_fn,
                     meta={"tokenizer_sha256": digest})
        if not result.finished:
            return None
        stats = {**data.stats, "vocab_size": len(tokenizer), "tokenizer_sha256": digest}
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=data.fingerprints, data_stats=stats)
