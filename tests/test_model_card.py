"""Model card sections: inserted before the training details, replaced in place on a second write."""
from __future__ import annotations

import json

from edgebench.reporting.model_card import set_section

CARD = "# m\n\n## EdgeBench scores\n\nx\n\n## Training\n\n| a | b |\n\n## Recipe\n\ny\n"


def test_a_section_goes_before_training_and_is_replaced_not_repeated(tmp_path):
    (tmp_path / "README.md").write_text(CARD)
    assert set_section(tmp_path, "Variants", "| int8 | 5 MB |")
    assert set_section(tmp_path, "Speed", "fast")
    assert set_section(tmp_path, "Variants", "| int8 | 4 MB |")
    text = (tmp_path / "README.md").read_text()
    assert text.count("## Variants") == 1 and "| int8 | 4 MB |" in text and "5 MB" not in text
    assert text.index("## EdgeBench scores") < text.index("## Variants") < text.index("## Training")
    assert text.index("## Speed") < text.index("## Training") and text.endswith("y\n")


def test_a_folder_without_a_card_is_left_alone(tmp_path):
    assert not set_section(tmp_path, "Variants", "x")
    assert not (tmp_path / "README.md").exists()


def test_exports_are_recorded_in_the_variants_table_and_a_later_export_keeps_earlier_retention(tmp_path):
    from edgebench.reporting.model_card import record_variant

    (tmp_path / "README.md").write_text(CARD)
    int8 = {"path": str(tmp_path.parent / "m-int8"), "bytes": 2_500_000, "source_bytes": 10_000_000}
    kept = {"edge_spam": {"metric": "f1", "a": 0.9, "b": 0.891, "retention": 0.99}}
    record_variant(tmp_path, "int8", int8, kept)
    onnx = {"path": str(tmp_path.parent / "m-onnx"), "bytes": 10_000_000, "source_bytes": 10_000_000,
            "max_abs_logit_diff": 2e-5, "int8_bytes": 3_000_000, "int8_max_abs_logit_diff": 0.04}
    record_variant(tmp_path, "onnx", onnx, None)
    record_variant(tmp_path, "int8", int8, None)  # exported again without --eval: the retention stays
    text = (tmp_path / "README.md").read_text()
    assert "| int8 | `m-int8` | 2.50 | 25.0% | - | edge_spam f1 0.8910 / 0.9000 = 0.990 |" in text
    assert "| onnx | `m-onnx` | 10.00 | 100.0% | max abs logit diff 2.0e-05 | - |" in text
    assert "| onnx int8 | `m-onnx` | 3.00 | 30.0% | max abs logit diff 4.0e-02 | - |" in text
    assert text.count("## Variants") == 1
    # the variant's name is recorded, not where it was written: a shipped card must not name a build machine's path
    assert json.loads((tmp_path / "variants.json").read_text())["int8"]["path"] == "m-int8"


def test_recording_a_variant_leaves_the_models_identity_alone(tmp_path):
    """An export writes variants.json into the model folder; the answer-files hash (cache namespace, shipped
    build key) must not move with it, while a tokenizer edit still moves it."""
    from edgebench.models import answer_files_hash
    from edgebench.reporting.model_card import record_variant

    (tmp_path / "README.md").write_text(CARD)
    (tmp_path / "tokenizer.json").write_text('{"a": 1}')
    before = answer_files_hash(tmp_path)
    record_variant(tmp_path, "int8", {"path": str(tmp_path.parent / "m-int8"), "bytes": 1, "source_bytes": 4}, None)
    assert (tmp_path / "variants.json").is_file() and answer_files_hash(tmp_path) == before
    (tmp_path / "tokenizer.json").write_text('{"a": 2}')
    assert answer_files_hash(tmp_path) != before
