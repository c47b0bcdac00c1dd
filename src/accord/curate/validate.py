"""Validate a knowledge-base folder: every loader problem plus curator warnings, all at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputFileError, KnowledgeBaseError, Problem, did_you_mean
from accord.kb.load import _Loader, content_hash, default_kb_dir
from accord.kb.model import KnowledgeBase
from accord.kb.yamlread import Located, load_yaml

SCHEMA_MARK = "yaml-language-server: $schema="
SCHEMAS = {
    "kb.yaml": "kb",
    "vocabulary.yaml": "vocabulary",
    "derived.yaml": "derived",
    "evidence.yaml": "evidence",
    "presentation.yaml": "presentation",
}


KNOWN_FILES = (*SCHEMAS, "survey.yaml", "exclusions.yaml", "concerns.yaml", "judgement.yaml")  # read by name
KNOWN_SUFFIXES = (".rules.yaml", ".cases.yaml")  # read by pattern: NAME.rules.yaml, NAME.cases.yaml


def schema_name(filename: str) -> str | None:
    """The JSON Schema (without .schema.json) a knowledge-base file is written against."""
    if filename in SCHEMAS:
        return SCHEMAS[filename]
    if filename.endswith(".rules.yaml"):
        return "rules"
    if filename.endswith(".cases.yaml"):
        return "cases"
    return None


@dataclass(frozen=True)
class ValidationReport:
    root: str
    problems: tuple[Problem, ...]
    kb: KnowledgeBase | None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def validate_kb(root: Path | str | None = None) -> ValidationReport:
    """Load root with every check, and add warnings that do not stop the KB from working."""
    root = Path(root) if root is not None else default_kb_dir()
    if not root.is_dir():
        raise KnowledgeBaseError(f"{root}: no knowledge-base folder there")
    loader = _Loader(root, content_hash(root))
    kb: KnowledgeBase | None
    try:
        kb = loader.load()
        problems = list(loader.problems)
    except KnowledgeBaseError as exc:
        kb = None
        problems = list(exc.problems)
    problems.extend(_survey_problems(root, kb))
    problems.extend(_unrecognised_files(root))
    if kb is not None:
        from accord.curate.realcases import library_problems

        problems.extend(library_problems(kb))
    problems.extend(_file_warnings(root))
    if kb is not None:
        problems.extend(_kb_warnings(root, kb))
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0, p.message))
    return ValidationReport(str(root), tuple(problems), kb)


def _unrecognised_files(root: Path) -> list[Problem]:
    """A YAML file in the folder that no loader reads: its rules or facts would be lost unseen."""
    out = []
    for path in sorted([*root.glob("*.yaml"), *root.glob("*.yml")]):
        name = path.name
        if name in KNOWN_FILES or name.endswith(KNOWN_SUFFIXES):
            continue
        stem = name.split(".")[0]
        out.append(
            Problem(
                name,
                "not a knowledge-base file: nothing in it is read",
                expected="one of: "
                + ", ".join((*KNOWN_FILES, *(f"NAME{s}" for s in KNOWN_SUFFIXES))),
                hint=did_you_mean(name, (*KNOWN_FILES, *(stem + s for s in KNOWN_SUFFIXES))),
            )
        )
    return out


def _file_warnings(root: Path) -> list[Problem]:
    out = []
    for path in sorted(root.glob("*.yaml")):
        name = schema_name(path.name)
        if name is None:
            continue
        head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
        if not head or SCHEMA_MARK not in head[0]:
            out.append(
                Problem(
                    path.name,
                    "no schema comment on the first line, so editors cannot check it as you type",
                    line=1,
                    hint=f"make the first line '# {SCHEMA_MARK}"
                    f"../src/accord/schemas/{name}.schema.json'",
                    severity="warning",
                )
            )
        if path.name.endswith(".rules.yaml"):
            beside = path.name.replace(".rules.yaml", ".cases.yaml")
            if not (root / beside).is_file():
                out.append(
                    Problem(
                        path.name,
                        f"no {beside} beside it",
                        hint="keep each rule's cases in the cases file of the same name",
                        severity="warning",
                    )
                )
    return out


def _kb_warnings(root: Path, kb: KnowledgeBase) -> list[Problem]:
    return _acceptance_warnings(kb) + _evidence_warnings(root, kb) + _risk_warnings(kb)


def _acceptance_warnings(kb: KnowledgeBase) -> list[Problem]:
    from accord.curate.lint import CHECKS

    return [
        Problem(
            a.file,
            f"'{a.check}' is not a lint check, so this acceptance never applies",
            line=a.line,
            field="accepted",
            expected="one of: " + ", ".join(CHECKS),
            hint=did_you_mean(a.check, CHECKS),
            severity="warning",
        )
        for a in kb.accepted
        if a.check not in CHECKS
    ]


def _evidence_warnings(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Claims no rule cites and sources without claims, located in evidence.yaml."""
    evidence: Located | None
    try:
        evidence = load_yaml(root / "evidence.yaml", "evidence.yaml")
    except InputFileError:  # pragma: no cover - the loader has read it already
        evidence = None

    def line(*path: object) -> int | None:
        return evidence.line(*path) if evidence is not None else None

    out = []
    cited = {c for r in kb.rules for c in r.evidence}
    for cid in kb.claims:
        if cid not in cited:
            out.append(
                Problem(
                    "evidence.yaml",
                    f"claim {cid} is registered but no rule cites it",
                    line=line("claims", cid),
                    field=f"claims.{cid}",
                    hint="encode it in a rule, or keep it only if a rule will cite it soon",
                    severity="warning",
                )
            )
    used = {c.source for c in kb.claims.values()}
    for sid, source in kb.sources.items():
        if sid not in used and not source.attribution_only:
            out.append(
                Problem(
                    "evidence.yaml",
                    f"source {sid} has no claims",
                    line=line("sources", sid),
                    field=f"sources.{sid}",
                    hint="register the claims the rules take from it, say why it has none "
                    "(attribution_only: REASON), or drop the source",
                    severity="warning",
                )
            )
    return out


def _risk_warnings(kb: KnowledgeBase) -> list[Problem]:
    """High-severity risks that rest only on derived (our own) reasoning."""
    out = []
    for r in kb.rules:
        if r.kind == "risk" and r.severity == "high":
            grades = {kb.claims[c].grade for c in r.evidence if c in kb.claims}
            if grades and grades <= {"derived"}:
                out.append(
                    Problem(
                        r.file,
                        f"high-severity risk {r.id} rests only on our own reasoning",
                        line=r.line,
                        field="evidence",
                        hint="cite a source claim that supports it, or lower its severity",
                        severity="warning",
                    )
                )
    out.extend(_engine_warnings(kb))
    return out


def _engine_warnings(kb: KnowledgeBase) -> list[Problem]:
    """Warn as the KB nears durable-rules' limits, and say what happens once past them."""
    from accord.engine.limits import usage

    use = usage(kb)
    out = [
        Problem(
            ".",
            msg,
            hint="past it, --engine auto uses the reference engine and --engine durable "
            "fails; see README.md, 'Limits'",
            severity="warning",
        )
        for msg in use.nearing()
    ]
    out.extend(
        Problem(
            ".",
            msg,
            hint="--engine auto uses the reference engine for this knowledge base and "
            "--engine durable exits 2; see README.md, 'Limits'",
            severity="warning",
        )
        for msg in use.exceeded()
    )
    return out


def _survey_problems(root: Path, kb: KnowledgeBase | None) -> list[Problem]:
    """Validate survey.yaml beside the knowledge base, when there is one (full validation)."""
    from accord.survey.instrument import SURVEY_FILE, load_instrument

    path = root / SURVEY_FILE
    if kb is None or not path.is_file():
        return []
    try:
        source = load_yaml(path, SURVEY_FILE)
    except (InputFileError, KnowledgeBaseError) as exc:
        return list(getattr(exc, "problems", ()) or [Problem(SURVEY_FILE, str(exc))])
    return list(load_instrument(source, kb.facts, set(kb.claims))[1])
