"""The response cache's model identity covers every file that changes answers, not only the weights
(issue 12, group 3): an edited chat template, tokenizer or generation config is recomputed, an edited
model card is not."""
import json
import re

import pytest
import torch
from click.testing import CliRunner

from edgebench.cli import cli


@pytest.fixture
def tiny_model(tmp_path):
    from transformers import LlamaConfig, LlamaForCausalLM

    from trainers.corpus.bpe import train_bpe

    torch.manual_seed(0)
    tok = train_bpe(["win a prize now", "see you at seven", "claim your reward"] * 10, 280, min_frequency=1)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, tie_word_embeddings=True,
                         eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    folder = tmp_path / "tiny"
    LlamaForCausalLM(config).save_pretrained(folder)
    tok.save_pretrained(folder)
    (folder / "chat_template.jinja").write_text("{% for m in messages %}{{ m['content'] }}\n{% endfor %}")
    (folder / "README.md").write_text("# tiny\n")
    return folder


def from_cache(folder, tmp_path) -> int:
    result = CliRunner().invoke(cli, ["run", "--model", f"hf:{folder}", "--tasks", "edge_spam", "--limit", "3",
                                      "--dtype", "float32", "--cache-path", str(tmp_path / "c.sqlite"),
                                      "--output-path", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    return int(re.search(r"\((\d+) from cache", result.output).group(1))


@pytest.mark.parametrize("edit,recomputed", [
    (lambda f: (f / "chat_template.jinja").write_text("SYSTEM\n{% for m in messages %}{{ m['content'] }}{% endfor %}"), True),
    (lambda f: (f / "generation_config.json").write_text(json.dumps({"eos_token_id": 1, "do_sample": False})), True),
    (lambda f: (f / "tokenizer_config.json").write_text(
        json.dumps({**json.loads((f / "tokenizer_config.json").read_text()), "model_max_length": 77})), True),
    (lambda f: (f / "README.md").write_text("# tiny, a better card\n"), False),
])
def test_an_edit_that_can_change_answers_misses_the_cache(tiny_model, tmp_path, edit, recomputed):
    assert from_cache(tiny_model, tmp_path) == 0
    assert from_cache(tiny_model, tmp_path) == 3
    edit(tiny_model)
    assert from_cache(tiny_model, tmp_path) == (0 if recomputed else 3)
