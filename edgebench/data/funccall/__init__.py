"""EdgeFuncCall data: request templates (v1) and frames written many ways (v2)."""
