#!/usr/bin/env python3
"""Regenerate every generated file in the repository, or check that none is stale.

    .venv/bin/python scripts/regen.py            # rewrite what changed, remove what is no longer generated
    .venv/bin/python scripts/regen.py --check    # list stale files and exit 1, writing nothing

What it generates (review `git diff` before committing; every changed line is a changed output):
  src/accord/schemas/*.schema.json   JSON Schemas for editors        (scripts/generate/schemas.py)
  tests/fixtures/lint/, diff/        small knowledge bases for tests (scripts/generate/fixtures.py)
  docs/kb/                           the knowledge-base catalogue    (accord kb docs)
  tests/golden/*.json, survey/       golden assessments, no trace    (scripts/generate/goldens.py)
  tests/golden/briefs/               golden Markdown and HTML briefs
  docs/brief-context.md              the brief template reference
--kb DIR generates from another knowledge-base folder (the staleness test uses it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from generate import fixtures, goldens, schemas  # noqa: E402

# Folders whose every file is generated: a file there that is no longer generated is stale.
OWNED = {
    "src/accord/schemas": "*.json",
    "tests/fixtures/lint": "*",
    "tests/fixtures/diff": "*",
    "docs/kb": "*.md",
    "tests/golden": "*",
}
DOCS_KB = "docs/kb"


def generated(root: Path = ROOT, kb_dir: Path | None = None) -> dict[str, str]:
    """Every generated file as {path relative to root: text}, from kb_dir (default: rules/)."""
    from accord.curate.docs import render_docs
    from accord.kb.load import load_kb

    out: dict[str, str] = {}
    out.update(schemas.files())
    out.update(fixtures.files())
    for rel, text in render_docs(load_kb(kb_dir)).items():
        out[f"{DOCS_KB}/{rel}"] = text
    out.update(goldens.assessments(root, kb_dir))
    out.update(goldens.briefs(root, kb_dir))
    return out


def on_disk(root: Path) -> set[str]:
    """Every file now in the generated folders, relative to root."""
    found = set()
    for folder, pattern in OWNED.items():
        for path in (root / folder).rglob(pattern):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.relative_to(root).as_posix())
    return found


def stale(root: Path = ROOT, kb_dir: Path | None = None) -> list[str]:
    """Generated files that differ from, are missing in, or are extra to what root holds."""
    wanted = generated(root, kb_dir)
    out = []
    for rel, text in sorted(wanted.items()):
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    out.extend(sorted(on_disk(root) - set(wanted)))
    return out


def write(root: Path = ROOT, kb_dir: Path | None = None) -> list[str]:
    """Rewrite stale files and remove files no longer generated; return what changed."""
    wanted = generated(root, kb_dir)
    changed = []
    for rel in sorted(on_disk(root) - set(wanted)):
        (root / rel).unlink()
        changed.append(f"removed {rel}")
    for rel, text in sorted(wanted.items()):
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(f"wrote {rel}")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate or check every generated file.")
    parser.add_argument("--check", action="store_true", help="list stale files; write nothing")
    parser.add_argument("--kb", type=Path, default=None, help="knowledge-base folder")
    args = parser.parse_args(argv)
    if args.check:
        found = stale(ROOT, args.kb)
        for rel in found:
            print(f"stale: {rel}")
        return 1 if found else 0
    for line in write(ROOT, args.kb):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
