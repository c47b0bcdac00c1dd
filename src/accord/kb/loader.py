"""Read one knowledge-base folder into a validated KnowledgeBase, reporting every problem at once.

kb.load.load_kb uses it when the folder's checked form is not cached (kb/cache.py); it lives
apart so that a cached start imports none of the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from accord.errors import InputFileError, KnowledgeBaseError, Problem, problems_error
from accord.kb.model import Case, Claim, DerivedDef, FactDef, KnowledgeBase, Rule
from accord.kb.presentation import load_presentation
from accord.kb.read_cases import CaseReader
from accord.kb.read_evidence import EvidenceReader
from accord.kb.read_meta import MetaReader
from accord.kb.read_rules import RuleReader
from accord.kb.read_vocabulary import VocabularyReader
from accord.kb.standard import STANDARD_FILE, read_standard
from accord.kb.strata import stratify
from accord.kb.wording import check_rule_texts
from accord.kb.yamlread import Located, load_yaml


class _Loader(MetaReader, VocabularyReader, EvidenceReader, RuleReader, CaseReader):
    """Reads every file of one knowledge-base folder, collecting problems in self.problems.

    The readers of each file are mixins (kb.read_*); this class holds the order: read every
    file, stop if any cannot be read, check each against the ones before it, then stratify.
    """

    def __init__(self, root: Path, digest: str, with_cases: bool = True) -> None:
        self.root = root
        self.digest = digest
        self.with_cases = with_cases
        self.problems: list[Problem] = []
        self.unreadable: list[Problem] = []  # missing or unreadable files
        self.raw_tensions: list[tuple[Located, Any]] = []
        self.raw_accepted: tuple[Located, Any] | None = None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, name: str) -> Located | None:
        path = self.root / name
        if not path.exists():
            self.unreadable.append(
                Problem(name, f"missing file {name}", hint="see rules/README.md")
            )
            return None
        try:
            return load_yaml(path, self.rel(path))
        except InputFileError as exc:  # keep going to report the other files' reading
            self.unreadable.extend(exc.problems or [Problem(name, exc.message)])
            return None

    def stop_if_unreadable(self) -> None:
        """Report files that could not be read, alone: what follows from them would bury them."""
        if self.unreadable:
            raise problems_error(
                KnowledgeBaseError,
                f"knowledge base {self.root.name}: files that cannot be read "
                "(other checks wait until they can)",
                self.unreadable,
            )

    def load(self) -> KnowledgeBase:
        """Read, check and stratify the folder; raise KnowledgeBaseError listing every problem."""
        files = self.read_files()
        self.stop_if_unreadable()
        name, version, description, limits = self.meta(files.meta)
        facts = self.vocabulary(files.vocabulary)
        dfacts = self.derived(files.derived, facts)
        sources, claims = self.evidence(files.evidence)
        rules = self.all_rules(files.rules, facts, dfacts, claims)
        cases = self.all_cases(files.cases, facts, rules)
        tensions = self.tensions({r.id: r for r in rules}, dfacts)
        accepted = self.accepted()
        standard = None
        if files.standard is not None:
            standard, standard_problems = read_standard(files.standard, facts, dfacts)
            self.problems.extend(standard_problems)
        form, initiation = facts.get("form"), facts.get("initiation")
        presentation, presentation_problems = load_presentation(
            self.root,
            files.derived,
            dfacts,
            form.value_names if form else (),
            initiation.value_names if initiation else (),
        )
        self.problems.extend(presentation_problems)
        self.problems.extend(check_rule_texts(rules))
        ordered = self.stratified(rules)
        return KnowledgeBase(
            name=name,
            version=version,
            description=description,
            limits=limits,
            facts=facts,
            derived=dfacts,
            sources=sources,
            claims=claims,
            rules=tuple(ordered),
            cases=tuple(sorted(cases, key=lambda c: (c.rule, c.name))),
            content_hash=self.digest,
            root=str(self.root),
            rule_index={r.id: r for r in ordered},
            tensions=tensions,
            accepted=accepted,
            standard=standard,
            presentation=presentation,
        )

    def read_files(self) -> _Files:
        """Parse every file of the folder; those that cannot be read go to self.unreadable."""
        meta = self.read("kb.yaml")
        vocab = self.read("vocabulary.yaml")
        derived = self.read("derived.yaml")
        evidence = self.read("evidence.yaml")
        rule_files = sorted(self.root.glob("*.rules.yaml"))
        case_files = sorted(self.root.glob("*.cases.yaml")) if self.with_cases else []
        if not rule_files:
            self.problems.append(Problem(".", "no *.rules.yaml files", hint="see rules/README.md"))
        rule_srcs = [self.read(self.rel(path)) for path in rule_files]
        case_srcs = [self.read(self.rel(path)) for path in case_files]
        standard_src = self.read(STANDARD_FILE)
        return _Files(meta, vocab, derived, evidence, rule_srcs, case_srcs, standard_src)

    def all_rules(
        self,
        srcs: list[Located | None],
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        claims: dict[str, Claim],
    ) -> list[Rule]:
        """The rules of every *.rules.yaml, checked together (ids are unique across files)."""
        raw_rules = []
        for src in srcs:
            if src is not None:
                raw_rules.extend(self.rule_entries(src))
        return self.rules(raw_rules, facts, dfacts, claims)

    def all_cases(
        self, srcs: list[Located | None], facts: dict[str, FactDef], rules: list[Rule]
    ) -> list[Case]:
        """The cases of every *.cases.yaml, and whether each rule has both kinds of case."""
        cases: list[Case] = []
        for src in srcs:
            if src is not None:
                cases.extend(self.cases(src, facts, {r.id for r in rules}))
        if self.with_cases:
            self.case_coverage(rules, cases)
        return cases

    def stratified(self, rules: list[Rule]) -> list[Rule]:
        """Rules with their strata, by stratum then id; raises if any problem is an error."""
        strata, cycle_problems = stratify(rules)
        self.problems.extend(cycle_problems)
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise problems_error(
                KnowledgeBaseError, f"knowledge base {self.root.name}", self.problems
            )
        return sorted(
            (_with_stratum(r, strata[r.id]) for r in rules), key=lambda r: (r.stratum, r.id)
        )


@dataclass(frozen=True)
class _Files:
    """The parsed files of one folder; None for a file that could not be read."""

    meta: Located | None
    vocabulary: Located | None
    derived: Located | None
    evidence: Located | None
    rules: list[Located | None]
    cases: list[Located | None]
    standard: Located | None


def _with_stratum(rule: Rule, stratum: int) -> Rule:
    return replace(rule, stratum=stratum)
