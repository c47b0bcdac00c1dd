"""Generators behind scripts/regen.py: each returns {path relative to the repository: text}."""
