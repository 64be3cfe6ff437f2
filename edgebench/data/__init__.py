"""Dataset generation: templates, Faker values, splits by template family, fingerprints."""
