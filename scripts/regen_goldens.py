"""Rewrite tests/golden/<example>.json from every example proposal in examples/.

Each golden file holds what `accord assess examples/<name>.yaml --format json --engine reference`
prints. Run this after a deliberate change to the knowledge base or the assessment, then review
the diff (`git diff tests/golden`) before committing: every changed line is a changed conclusion.

    .venv/bin/python scripts/regen_goldens.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from accord.engine.explain import assess
from accord.inputs.proposal import load_proposal
from accord.kb.load import load_kb
from accord.render.formats import to_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"


def render(example: Path) -> str:
    """The example's assessment as canonical JSON, on the reference engine."""
    kb = load_kb()
    return to_json(assess(load_proposal(example, kb), kb, "reference"))


def render_survey(with_answers: bool) -> str:
    """The survey example assessed without, or with, its respondents' answers."""
    from accord.survey.apply import with_survey

    kb = load_kb()
    prop = load_proposal(EXAMPLES / "survey" / "proposal.yaml", kb)
    answers = [EXAMPLES / "survey" / "answers"] if with_answers else []
    prop, used = with_survey(prop, kb, answers)
    return to_json(assess(prop, kb, "reference", survey=used))


def write(target: Path, text: str) -> None:
    old = target.read_text(encoding="utf-8") if target.exists() else None
    if old != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"{'updated' if old is not None else 'created'} {target.relative_to(ROOT)}")


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    write(GOLDEN / "survey" / "without.json", render_survey(False))
    write(GOLDEN / "survey" / "with.json", render_survey(True))
    examples = sorted(EXAMPLES.glob("*.yaml"))
    wanted = {f"{p.stem}.json" for p in examples}
    for stale in sorted(GOLDEN.glob("*.json")):
        if stale.name not in wanted:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    for example in examples:
        write(GOLDEN / f"{example.stem}.json", render(example))
    return 0


if __name__ == "__main__":
    sys.exit(main())
