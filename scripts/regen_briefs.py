#!/usr/bin/env python3
"""Regenerate the golden briefs (tests/golden/briefs/<stem>.md and .html) for every example.

Run after changing rules/, examples/ or the brief templates, then review the diff:

    .venv/bin/python scripts/regen_briefs.py

Goldens use the reference engine and a fixed date (SOURCE_DATE_EPOCH), so they are
byte-identical on every machine. It also regenerates docs/brief-context.md, the template
context reference.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "briefs"
CONTEXT_DOC = ROOT / "docs" / "brief-context.md"
ENGINE = "reference"
# 2026-01-01T00:00:00Z: the date every golden brief carries.
SOURCE_DATE_EPOCH = "1767225600"
FORMATS = {"markdown": ".md", "html": ".html"}


def render_examples() -> dict[Path, str]:
    """Render every example as each golden format: {golden path: text}."""
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import load_kb
    from accord.render.brief import render_brief, resolve_date

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        date = resolve_date()
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    kb = load_kb()
    out: dict[Path, str] = {}
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        result = assess(load_proposal(example, kb), kb, ENGINE)
        for fmt, ext in FORMATS.items():
            text = render_brief(result, fmt, date=date)
            assert isinstance(text, str)
            out[GOLDEN / f"{example.stem}{ext}"] = text
    return out


def context_doc() -> str:
    from accord.render.context import context_reference

    return context_reference()


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    wanted = render_examples()
    for stale in sorted(set(GOLDEN.glob("*")) - set(wanted)):
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)}", file=sys.stderr)
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    CONTEXT_DOC.parent.mkdir(parents=True, exist_ok=True)
    doc = context_doc()
    if not CONTEXT_DOC.exists() or CONTEXT_DOC.read_text(encoding="utf-8") != doc:
        CONTEXT_DOC.write_text(doc, encoding="utf-8")
        print(f"wrote {CONTEXT_DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
