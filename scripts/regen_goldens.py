"""Rewrite tests/golden/<example>.json from every example proposal in examples/.

Each golden file holds what `accord assess examples/<name>.yaml --format json --engine reference`
prints. Run this after a deliberate change to the knowledge base or the assessment, then review
the diff (`git diff tests/golden`) before committing: every changed line is a changed conclusion.

    .venv/bin/python scripts/regen_goldens.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from accord.brief.formats import to_json
from accord.engine.assess import assess
from accord.kb.load import load_kb
from accord.kb.proposal import load_proposal

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"


def render(example: Path) -> str:
    """The example's assessment as canonical JSON, on the reference engine."""
    kb = load_kb()
    return to_json(assess(load_proposal(example, kb), kb, "reference"))


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    examples = sorted(EXAMPLES.glob("*.yaml"))
    wanted = {f"{p.stem}.json" for p in examples}
    for stale in sorted(GOLDEN.glob("*.json")):
        if stale.name not in wanted:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    for example in examples:
        target = GOLDEN / f"{example.stem}.json"
        text = render(example)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"{'updated' if old is not None else 'created'} {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
