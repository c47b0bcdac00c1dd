"""JSON Schemas (draft 2020-12) for knowledge-base files and proposals, for editors and tests."""
