"""Turn an Assessment into what people read: JSON, terminal text, and (later) briefs."""
