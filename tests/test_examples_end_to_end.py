"""The README's two own-data examples run end to end on the embedded model (issue 14): a receipts task
(OCR text + 4 gold fields, one schema file) and function calls in BFCL's layout, both through
``--include-path``, unlocked and JSON-locked in one run."""
from pathlib import Path

from conftest import read_json, read_jsonl, run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_receipts_and_bfcl_calls_run_locked_and_unlocked(tmp_path, smollm2_folder):
    out = tmp_path / "out"
    run_cli("run", "--model", "hf:SmolLM2-135M-Instruct", "--include-path", str(EXAMPLES / "receipts"),
            "--include-path", str(EXAMPLES / "bfcl_calls"), "--tasks", "my_receipts,my_calls", "--limit", "3",
            "--json-lock", "both", "--output-path", str(out), "--log-samples", "--no-progress")
    results = read_json(out / "results.json")
    assert set(results["results"]) == {"my_receipts", "my_receipts_locked", "my_calls", "my_calls_locked"}
    assert all(results["n-samples"][t]["effective"] == 3 for t in results["results"])
    locked = results["results"]["my_receipts_locked"]
    assert locked["schema_valid"] == 1.0 and locked["parse_rate"] == 1.0  # the lock always closes the object
    assert set(results["tasks"]["my_receipts"]["fields"]) == {"merchant", "date", "total", "currency"}
    for name in ("my_receipts", "my_receipts_locked", "my_calls", "my_calls_locked"):
        metrics = results["results"][name]
        assert all(0.0 <= v <= 1.0 for k, v in metrics.items() if isinstance(v, float) and not k.endswith("stderr"))
    samples = read_jsonl(out / "samples_my_calls.jsonl")
    assert [s["doc_id"] for s in samples] == ["c1", "c2", "c3"]
    # BFCL's ground truth read into EdgeBench's gold: the first row's tip call, "split" may be omitted
    first = samples[0]["gold"][0]
    assert first["name"] == "calculate_tip" and first["arguments"]["bill"] == [64.5]
    assert "" in first["arguments"]["split"]
