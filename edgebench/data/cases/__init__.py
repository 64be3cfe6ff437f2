"""EdgeAggregate data v2: cases of related documents whose running summary a model keeps (``cases_v2``)."""
