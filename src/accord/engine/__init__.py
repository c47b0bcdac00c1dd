"""Turn a KnowledgeBase and a Proposal into an Assessment (engine selection lives here)."""

from __future__ import annotations

from typing import Protocol

from accord.engine import limits
from accord.engine.conditions import Store
from accord.engine.weighing import Inference
from accord.errors import UsageError
from accord.inputs.proposal import FactValue
from accord.kb.model import KnowledgeBase

ENGINES = ("auto", "durable", "reference")


class Engine(Protocol):
    name: str

    @property
    def version(self) -> str: ...

    def run(self, facts: tuple[tuple[str, FactValue], ...]) -> tuple[frozenset[str], Store]: ...

    def infer(
        self, facts: tuple[tuple[str, FactValue], ...], origins: dict[str, str] | None = None
    ) -> Inference: ...


def durable_available() -> bool:
    """Return True when durable-rules imports on this interpreter (not on Python 3.13)."""
    try:
        import accord.engine.durable_engine  # noqa: F401
    except ImportError:
        return False
    return True


def get_engine(kb: KnowledgeBase, which: str = "auto") -> Engine:
    """Return an engine for kb: 'durable', 'reference', or 'auto' (durable where it imports)."""
    if which not in ENGINES:
        raise UsageError(f"unknown engine '{which}'; expected one of: {', '.join(ENGINES)}")
    which = limits.choose(kb, which)  # durable-rules' limits, checked before compiling
    if which in ("auto", "durable"):
        try:
            from accord.engine import durable_engine
        except ImportError as exc:
            if which == "durable":
                raise UsageError(
                    f"durable-rules cannot be used on this Python ({exc}); "
                    "use --engine reference or auto"
                ) from None
        else:
            return durable_engine.compiled(kb)
    return _reference(kb)


_references: dict[str, object] = {}


def _reference(kb: KnowledgeBase) -> Engine:
    from accord.engine.reference import ReferenceEngine

    eng = _references.get(kb.content_hash)
    if eng is None or getattr(eng, "kb", None) is not kb:
        eng = _references[kb.content_hash] = ReferenceEngine(kb)
    return eng  # type: ignore[return-value]
