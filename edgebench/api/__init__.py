"""The typed Python API: ``edgebench.load(spec)`` and the answers its calls give.

    m = edgebench.load("hf:SmolLM2-135M-Instruct")
    m.predict_intent(text, labels)   # edge_intent's prompt       -> Prediction
    m.classify(text, ["spam", "ham"])  # edge_spam / edge_toxicity -> Prediction
    m.extract_json(text, schema)     # edge_json's prompt, locked -> dict valid under schema
    m.call_function(text, functions) # edge_funccall's, locked    -> list[Call]
    m.find_pii(text)                 # edge_pii's, locked         -> list[Span]
    m.predict_intent(text, labels, explain=True)  # edge_intent_explain's -> Prediction with rationale
    m.verify(text, candidate)        # edge_verify's              -> Verdict
    m.aggregate(docs, schema)        # edge_aggregate's, rolling  -> dict (the final state)
    m.guard(text)                    # edge_guard's, rules on top -> GuardResult
"""
from edgebench.api.model import Model, load
from edgebench.api.types import Call, GuardResult, Prediction, Span, Verdict

__all__ = ["Call", "GuardResult", "Model", "Prediction", "Span", "Verdict", "load"]
