"""Generated proposals for the batch and robustness tests: seeded, valid, of every form."""

from __future__ import annotations

import json
import random
from pathlib import Path


def random_proposals(kb, n: int, seed: int = 5) -> list[dict]:
    """n proposal dicts with an id, about half the facts stated, reproducibly."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        facts: dict = {}
        for name, f in kb.facts.items():
            if rng.random() < 0.5:
                continue
            if f.type == "enum":
                facts[name] = rng.choice(f.value_names)
            elif f.type == "set":
                facts[name] = sorted(rng.sample(f.value_names, rng.randint(1, 2)))
            elif f.type == "bool":
                facts[name] = rng.random() < 0.5
            else:
                facts[name] = rng.randint(f.minimum or 0, min(f.maximum or 20, 20))
        out.append({"id": f"p{i:05d}", "title": f"Generated proposal {i}", "facts": facts})
    return out


def write_jsonl(path: Path, rows: list) -> Path:
    """Write rows (dicts, or raw text lines) as a .jsonl file."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
