"""EdgeGuard data: messages with PII spans, spam and toxicity flags and a route (legal, compliance, normal)."""
