"""A base model cut down before training or a rebuild: decoder layers kept, token table cut."""
