"""Accord: evidence-based advice on proposed collaborations between health-care providers.

The small public API: load the knowledge base, read a proposal, assess it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from accord.engine.assess import assess  # noqa: E402
from accord.kb.load import load_kb  # noqa: E402
from accord.kb.proposal import load_proposal  # noqa: E402

__all__ = ["__version__", "assess", "load_kb", "load_proposal"]
