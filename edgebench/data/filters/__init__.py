"""NLM filter data (spam, toxicity, PII): the template generator (v1) and the phrase-bank v2 ones."""
