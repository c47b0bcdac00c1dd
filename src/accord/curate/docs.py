"""Generate a browsable Markdown catalogue of a knowledge base from its files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from accord.curate.wording import conclusion_words, show, top_conditions, words
from accord.kb.model import Case, KnowledgeBase, Rule
from accord.kb.strata import walk

DOCS_COMMAND = "accord kb docs -o docs/kb"


def render_docs(kb: KnowledgeBase) -> dict[str, str]:
    """Return the catalogue as {relative path: Markdown text}, byte-identical for one KB."""
    return _Docs(kb).pages()


def write_docs(kb: KnowledgeBase, out: Path) -> list[Path]:
    """Write the catalogue into out (created if needed); return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in render_docs(kb).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _anchor(text: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in text.lower()).strip("-")


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


class _Docs:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.rules = sorted(kb.rules, key=lambda r: (r.file, r.line or 0))
        self.by_file: dict[str, list[Rule]] = defaultdict(list)
        for r in self.rules:
            self.by_file[r.file].append(r)
        self.cases: dict[str, list[Case]] = defaultdict(list)
        for c in kb.cases:
            self.cases[c.rule].append(c)
        self.setters: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        self.readers: dict[str, list[Rule]] = defaultdict(list)
        for r in self.rules:
            for fact, state in r.then:
                self.setters[(fact, state)].append(r)
            for fact in sorted({leaf.fact for leaf, _ in walk(r.when)}):
                self.readers[fact].append(r)
        self.citing: dict[str, list[Rule]] = defaultdict(list)
        for r in self.rules:
            for cid in r.evidence:
                self.citing[cid].append(r)

    def page_of(self, rule: Rule) -> str:
        return "rules/" + rule.file.replace(".rules.yaml", ".md")

    def link(self, rule: Rule) -> str:
        """A link to a rule from a page at the top of the catalogue."""
        return f"[{rule.id}]({self.page_of(rule)}#{_anchor(rule.id)})"

    def header(self, title: str) -> list[str]:
        kb = self.kb
        return [
            f"# {title}",
            "",
            f"Knowledge base **{kb.name}**, version **{kb.version}** "
            f"(content hash `{kb.content_hash[:12]}`). Generated from `rules/` by "
            f"`{DOCS_COMMAND}`; do not edit by hand.",
            "",
        ]

    def pages(self) -> dict[str, str]:
        out = {
            "index.md": self.index(),
            "mechanisms.md": self.derived_page(("mechanism", "outcome"), "Mechanisms and outcomes"),
            "typology.md": self.typology(),
            "evidence.md": self.evidence(),
            "vocabulary.md": self.vocabulary(),
        }
        for file, rules in sorted(self.by_file.items()):
            out[self.page_of(rules[0])] = self.rule_page(file, rules)
        return {k: v.rstrip("\n") + "\n" for k, v in sorted(out.items())}

    # --- pages ----------------------------------------------------------------------------
    def index(self) -> str:
        kb = self.kb
        lines = self.header(f"Knowledge base catalogue: {kb.name}")
        lines += [kb.description, "", "## Pages", ""]
        lines += [
            "- [Mechanisms and outcomes](mechanisms.md): every mechanism with its states",
            "- [Typology](typology.md): how a collaboration is placed",
            "- [Evidence register](evidence.md): sources and the claims rules encode",
            "- [Vocabulary](vocabulary.md): the facts a proposal may state",
        ]
        for file, rules in sorted(self.by_file.items()):
            lines.append(f"- [{file}]({self.page_of(rules[0])}): {len(rules)} rules")
        lines += ["", "## Rules", "", "| id | kind | title | grade |", "|---|---|---|---|"]
        for r in sorted(self.rules, key=lambda r: r.id):
            lines.append(f"| {self.link(r)} | {r.kind} | {_cell(r.title)} | {r.grade} |")
        lines += ["", "## Limits", ""]
        lines += [f"- {limit}" for limit in kb.limits]
        if kb.tensions:
            lines += ["", "## Accepted tensions", ""]
            for t in kb.tensions:
                what = " and ".join(t.rules) if t.rules else f"every rule on `{t.fact}`"
                lines.append(f"- {what}: {t.because}")
        return "\n".join(lines)

    def rule_page(self, file: str, rules: list[Rule]) -> str:
        lines = self.header(f"Rules in {file}")
        lines += ["[Back to the index](../index.md)", ""]
        for r in rules:
            lines += [f"## {r.id}", "", f"**{r.title}**", ""]
            meta = f"Kind: {r.kind}. Grade: {r.grade}."
            if r.severity:
                meta += f" Severity: {r.severity}."
            lines += [meta + f" Defined at `{r.file}:{r.line}`.", ""]
            conds = top_conditions(r.when)
            if len(conds) == 1:
                lines.append(f"- **When** {words(conds[0])}")
            else:
                lines.append("- **When all of:**")
                lines += [f"  - {words(c)}" for c in conds]
            lines.append(f"- **Then** {conclusion_words(r)}")
            lines.append(f"- **Because** {r.because}")
            if r.advice:
                lines.append(f"- **Advice** {r.advice}")
            if r.stages:
                lines.append(f"- **Stages** {', '.join(r.stages)}")
            if r.addresses:
                lines.append(f"- **Addresses** {', '.join(r.addresses)}")
            cites = ", ".join(
                f"[{c}](../evidence.md#{_anchor(c)})"
                + (f" ({self.kb.claims[c].grade})" if c in self.kb.claims else "")
                for c in r.evidence
            )
            lines.append(f"- **Evidence** {cites}")
            lines += ["", "Cases:", ""]
            for c in self.cases.get(r.id, []):
                given = ", ".join(f"{k}={show(v)}" for k, v in c.facts) or "no facts"
                lines.append(f"- `{c.name}` ({c.expect}): {given}")
            lines.append("")
        return "\n".join(lines)

    def derived_page(self, kinds: tuple[str, ...], title: str) -> str:
        lines = self.header(title)
        lines += ["[Back to the index](index.md)", ""]
        for name, d in self.kb.derived.items():
            if d.kind not in kinds:
                continue
            lines += self.derived_entry(name)
        return "\n".join(lines)

    def derived_entry(self, name: str) -> list[str]:
        d = self.kb.derived[name]
        family = f", family {d.family}" if d.family else ""
        lines = [f"## {d.label} (`{name}`)", "", f"{d.kind}{family}. {d.description}", ""]
        lines += ["| state | meaning | set by |", "|---|---|---|"]
        for state, meaning in d.states:
            setters = ", ".join(self.link(r) for r in self.setters.get((name, state), [])) or "-"
            lines.append(f"| {state} | {_cell(meaning)} | {setters} |")
        readers = ", ".join(self.link(r) for r in self.readers.get(name, [])) or "none"
        return lines + ["", f"Read by: {readers}", ""]

    def typology(self) -> str:
        lines = self.header("Typology")
        lines += ["[Back to the index](index.md)", "", "## Stated by the proposal", ""]
        for name, f in self.kb.facts.items():
            if f.group != "typology":
                continue
            lines += [f"### {f.label} (`{name}`)", "", f.description, ""]
            if f.values:
                lines += [f"- `{v}`: {m}" for v, m in f.values]
                lines.append("")
        lines += ["## Derived by the rules", ""]
        for name, d in self.kb.derived.items():
            if d.kind == "typology":
                lines += self.derived_entry(name)
        return "\n".join(lines)

    def evidence(self) -> str:
        lines = self.header("Evidence register")
        lines += ["[Back to the index](index.md)", "", "## Sources", ""]
        for s in self.kb.sources.values():
            lines += [f"### {s.id}", "", f"{s.citation} <{s.link}> ({s.licence})", ""]
        lines += ["## Claims", ""]
        for c in self.kb.claims.values():
            rules = ", ".join(self.link(r) for r in self.citing.get(c.id, [])) or "none"
            lines += [
                f"### {c.id}",
                "",
                f"{c.summary}",
                "",
                f"- Source: {c.source}, {c.location}",
                f"- Status: {c.status}; grade: {c.grade}",
            ]
            for label, text in (
                ("Context", c.context),
                ("Mechanism", c.mechanism),
                ("Outcome", c.outcome),
            ):
                if text:
                    lines.append(f"- {label}: {text}")
            lines += [f"- Encoded by: {rules}", ""]
        return "\n".join(lines)

    def vocabulary(self) -> str:
        lines = self.header("Vocabulary")
        lines += ["[Back to the index](index.md)", ""]
        lines += ["| fact | type | group | question | read by |", "|---|---|---|---|---|"]
        for name, f in self.kb.facts.items():
            readers = ", ".join(self.link(r) for r in self.readers.get(name, [])) or "-"
            lines.append(f"| `{name}` | {f.type} | {f.group} | {_cell(f.question)} | {readers} |")
        return "\n".join(lines)
