"""Learning from another model: a distillation teacher, its KL term and soft labels, a transferred token table."""
