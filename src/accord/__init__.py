"""Accord: evidence-based advice on proposed collaborations between health-care providers.

The small public API: load the knowledge base, read a proposal, assess it. The names are
imported on first use, so `accord --help` and the CLI's start-up stay quick.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "assess", "load_kb", "load_proposal"]

_API = {
    "assess": "accord.engine.explain",
    "load_kb": "accord.kb.load",
    "load_proposal": "accord.inputs.proposal",
}


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'accord' has no attribute {name!r}")
