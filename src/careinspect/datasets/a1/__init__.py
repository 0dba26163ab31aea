"""The RAA A1 dataset (RULES: INF-1): schema, cross-column rules, measures and a synthetic generator."""
