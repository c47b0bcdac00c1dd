"""Load a knowledge-base folder into a validated KnowledgeBase, reporting every problem at once.

The folder is hashed on every load; its checked form comes from the in-process memo, else
from the on-disk cache (kb/cache.py), else from reading and checking its YAML (kb/loader.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import KnowledgeBaseError
from accord.kb.yamlread import read_bytes

if TYPE_CHECKING:
    from accord.kb.model import KnowledgeBase

_cache: dict[tuple[str, str, bool], KnowledgeBase] = {}


def default_kb_dir() -> Path:
    """Return the folder of the knowledge base shipped with Accord (the package accord.rules)."""
    import importlib.util

    spec = importlib.util.find_spec("accord.rules")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    from importlib import resources  # pragma: no cover - a loader without search locations

    return Path(str(resources.files("accord.rules")))  # pragma: no cover


def content_hash(root: Path) -> str:
    """Hash every YAML file of a KB folder (relative path and bytes), in sorted order."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + read_bytes(path, rel) + b"\0")
    return h.hexdigest()


def load_kb(root: Path | str | None = None, *, cases: bool = True) -> KnowledgeBase:
    """Load, validate and stratify the knowledge base in root (default: the shipped one).

    root: a folder of knowledge-base YAML files (rules/README.md describes them); None for the
    one shipped with Accord. cases=False skips the *.cases.yaml files (and the check that every
    rule has cases): an assessment does not need them, and they are most of the YAML to parse.
    Returns a KnowledgeBase, cached in this process by folder and content hash, and on disk
    under its content hash (kb/cache.py: ACCORD_NO_CACHE=1 bypasses it). Raises
    KnowledgeBaseError listing every problem (file, line, field, expected, did-you-mean) when
    it is inconsistent; an inconsistent knowledge base is never cached.
    """
    root = Path(root) if root is not None else default_kb_dir()
    if not root.is_dir():
        raise KnowledgeBaseError(f"{root}: no knowledge-base folder there")
    digest = content_hash(root)
    full = (str(root.resolve()), digest, True)
    if full in _cache:
        return _cache[full]
    key = full if cases else full[:2] + (False,)
    if key not in _cache:
        _cache[key] = _load(root, digest, cases)
    return _cache[key]


def _load(root: Path, digest: str, cases: bool) -> KnowledgeBase:
    """From the on-disk cache when it holds this very knowledge base, else from its YAML."""
    from accord.kb import cache

    name = cache.entry_key(digest, root, cases) if cache.enabled() else ""
    kb = cache.load(name) if name else None
    if kb is not None and kb.content_hash == digest and kb.root == str(root):
        return kb
    from accord.kb.loader import _Loader

    kb = _Loader(root, digest, cases).load()
    if name:
        cache.store(name, kb)
    return kb
