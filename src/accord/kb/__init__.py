"""Reads, validates and tests the knowledge base and proposals; knows nothing of durable-rules."""
