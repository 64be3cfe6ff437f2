"""GGUF variant for llama.cpp, written with the ``gguf`` package: Llama-architecture models only
(the tensor layout and the q/k row order llama.cpp expects are known for Llama; other
architectures fail in one line). Weights f32 (f16 with ``f16=True``), the byte-level BPE tokenizer
as ``gpt2`` tokens + merges, and the chat template."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from edgebench.errors import EdgeBenchError


def _permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """HF's rotary layout (halves) -> llama.cpp's (interleaved pairs) for q/k rows, as llama.cpp's converter does."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def _tokenizer(writer: Any, folder: Path) -> None:
    import gguf

    spec = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "BPE":
        raise EdgeBenchError(f"--gguf: '{folder}' has a {model.get('type')} tokenizer; only byte-level BPE is written")
    vocab = dict(model["vocab"])
    added = {t["id"]: t for t in spec.get("added_tokens", [])}
    for tid, tok in added.items():
        vocab[tok["content"]] = tid
    tokens = [""] * (max(vocab.values()) + 1)
    for text, tid in vocab.items():
        tokens[tid] = text
    types = [(gguf.TokenType.CONTROL if added[i]["special"] else gguf.TokenType.USER_DEFINED) if i in added
             else gguf.TokenType.NORMAL for i in range(len(tokens))]
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    for name, add in (("eos_token", writer.add_eos_token_id), ("pad_token", writer.add_pad_token_id)):
        if config.get(name) in vocab:
            add(vocab[config[name]])
    writer.add_add_bos_token(False)
    template = folder / "chat_template.jinja"
    if template.is_file():
        writer.add_chat_template(template.read_text(encoding="utf-8"))


def export_gguf(folder: Path, out: Path, *, f16: bool = False) -> dict[str, Any]:
    import gguf
    from safetensors.numpy import load_file

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    if config.get("model_type") != "llama":
        raise EdgeBenchError(f"--gguf: '{folder}' is a {config.get('model_type')!r} model; the GGUF writer knows the "
                             f"llama architecture only (convert others with llama.cpp's convert_hf_to_gguf.py)")
    from edgebench.backends import span_tagger

    if (folder / span_tagger.CONFIG).is_file():  # llama.cpp runs the LM only: its PII answers are generated
        print(f"note: --gguf: '{folder}' has a span tagger, which a GGUF cannot hold; the GGUF variant answers PII "
              f"by generating, so its PII scores measure the LM alone", file=sys.stderr)
    n_layers, n_head = config["num_hidden_layers"], config["num_attention_heads"]
    n_kv = config.get("num_key_value_heads") or n_head
    weights: dict[str, np.ndarray] = {}
    for path in sorted(p for p in folder.glob("*.safetensors") if p.name != span_tagger.WEIGHTS):
        weights.update(load_file(str(path)))
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, n_layers)
    writer = gguf.GGUFWriter(str(out), "llama")
    writer.add_name(folder.name)
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_block_count(n_layers)
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_kv)
    writer.add_rope_dimension_count(config.get("head_dim") or config["hidden_size"] // n_head)
    writer.add_rope_freq_base(float((config.get("rope_parameters") or {}).get("rope_theta", config.get("rope_theta", 10000.0))))
    writer.add_layer_norm_rms_eps(config.get("rms_norm_eps", 1e-6))
    writer.add_vocab_size(config["vocab_size"])
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if f16 else gguf.LlamaFileType.ALL_F32)
    _tokenizer(writer, folder)
    for name, w in weights.items():
        w = w.astype(np.float32)
        if name.endswith("q_proj.weight"):
            w = _permute(w, n_head)
        elif name.endswith("k_proj.weight"):
            w = _permute(w, n_kv)
        target = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if target is None:
            raise EdgeBenchError(f"--gguf: tensor '{name}' of '{folder}' has no llama GGUF name; this llama variant "
                                 f"is not supported")
        # 1-D tensors (norms) stay f32: llama.cpp expects them so
        writer.add_tensor(target, w.astype(np.float16) if f16 and w.ndim > 1 else w)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return {"kind": "gguf", "path": str(out), "bytes": out.stat().st_size,
            "source_bytes": sum(p.stat().st_size for p in folder.glob("*.safetensors")),
            "evaluate": f"edgebench run --model gguf:{out}"}
