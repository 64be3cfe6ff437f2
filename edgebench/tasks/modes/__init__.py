"""The modes that make a micro model useful in an app, as tasks: verify, explain, aggregate, guard."""
