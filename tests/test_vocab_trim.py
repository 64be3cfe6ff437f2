"""model.vocab (edgebench/surgery/vocab_trim.py): SmolLM2's BPE cut at an id stays a complete tokenizer, and the cut
model's logits are the first columns of the whole model's."""
from __future__ import annotations

import json

import pytest
import torch

from conftest import tiny_llama

TEXTS = ["Dear Lisa Wong, your parcel #A-2291 arrives Tuesday.", "wanna grab c0ffee l8r?? 🙂",
         "Schedule a meeting with Ngozi Okonkwo at 3pm — naïve café", "  spaces\tand\nnewlines  "]


def test_a_cut_tokenizer_uses_only_kept_ids_round_trips_and_matches_where_the_whole_one_fits(smollm2_folder):
    from transformers import AutoTokenizer

    from edgebench.surgery.vocab_trim import trim_tokenizer

    whole = AutoTokenizer.from_pretrained(smollm2_folder)
    cut = trim_tokenizer(whole, 2000)
    assert len(cut) == 2000 and cut.eos_token == whole.eos_token and cut.chat_template == whole.chat_template
    for text in TEXTS:
        ids, full = cut(text)["input_ids"], whole(text)["input_ids"]
        assert max(ids) < 2000 and cut.decode(ids) == whole.decode(full)
        assert len(ids) >= len(full)  # fewer merges, never fewer pieces
    common = "the and of to in is"  # tokens among the first merges: the cut changes nothing
    assert max(whole(common)["input_ids"]) < 2000 and cut(common)["input_ids"] == whole(common)["input_ids"]
    chat = cut.apply_chat_template([{"role": "user", "content": "hi"}], add_generation_prompt=True, tokenize=True)
    if isinstance(chat, dict) or hasattr(chat, "keys"):
        chat = chat["input_ids"]
    assert chat[0] == whole.convert_tokens_to_ids("<|im_start|>") and max(chat) < 2000


def test_a_cut_model_keeps_the_first_rows_and_gives_the_first_logit_columns(tmp_path, smollm2_folder):
    from transformers import AutoModelForCausalLM

    from edgebench.surgery.vocab_trim import trim_model

    folder = tiny_llama(tmp_path / "tiny", smollm2_folder, layers=2, max_positions=64)
    whole = AutoModelForCausalLM.from_pretrained(folder).eval()
    cut = trim_model(AutoModelForCausalLM.from_pretrained(folder).eval(), 1500)
    assert cut.config.vocab_size == 1500 and cut.get_output_embeddings().weight is cut.get_input_embeddings().weight
    ids = torch.tensor([[1, 300, 1499, 17, 2]])
    with torch.no_grad():
        assert torch.allclose(cut(ids).logits, whole(ids).logits[..., :1500], atol=1e-5)


def test_a_bad_cut_is_one_clear_error(smollm2_folder):
    from edgebench.errors import EdgeBenchError
    from edgebench.surgery.vocab_trim import trim_tokenizer_json

    data = json.loads((smollm2_folder / "tokenizer.json").read_text())
    with pytest.raises(EdgeBenchError, match="model.vocab: 100 is outside 252..49152"):
        trim_tokenizer_json(data, 100)
    shuffled = json.loads(json.dumps(data))
    shuffled["model"]["merges"][0], shuffled["model"]["merges"][1] = data["model"]["merges"][1], data["model"]["merges"][0]
    with pytest.raises(EdgeBenchError, match="not in id order"):
        trim_tokenizer_json(shuffled, 5000)
