"""Read kb.yaml: the knowledge base's name, version, description and limits, its accepted
tensions (also those of derived.yaml) and its accepted lint findings."""

from __future__ import annotations

import re

from accord.errors import did_you_mean
from accord.kb.model import Accepted, AcceptedTension, DerivedDef, Rule
from accord.kb.problems import Collector
from accord.kb.read_common import ReaderState
from accord.kb.yamlread import Located


class MetaReader(ReaderState):
    """Reads kb.yaml (meta) and, once the rules are known, the accepted tensions and findings."""

    def meta(self, src: Located | None) -> tuple[str, str, str, tuple[str, ...]]:
        if src is None:
            return "", "", "", ()
        col = Collector(src)
        data = col.mapping(src.data, (), "kb.yaml") or {}
        col.keys(
            data,
            (),
            required=("name", "version", "description", "limits"),
            optional=("tensions", "accepted"),
        )
        self.raw_accepted = (src, data.get("accepted"))
        self.raw_tensions.append((src, data.get("tensions")))
        version = str(data.get("version", ""))
        if not re.match(r"^\d+\.\d+\.\d+$", version):
            col.add(("version",), f"'{version}' is not a version", expected="MAJOR.MINOR.PATCH")
        limits = data.get("limits", [])
        if not isinstance(limits, list) or not all(isinstance(x, str) for x in limits):
            col.add(("limits",), "must be a list of sentences", expected="a list of text")
            limits = []
        self.problems.extend(col.problems)
        return (
            col.text(data.get("name"), ("name",)),
            version,
            col.text(data.get("description"), ("description",)),
            tuple(s.strip() for s in limits),
        )

    # --- accepted tensions ----------------------------------------------------------------
    def tensions(
        self, rules: dict[str, Rule], dfacts: dict[str, DerivedDef]
    ) -> tuple[AcceptedTension, ...]:
        out = []
        expected = "a list of '- {rules: [A, B], because: ...}' or '- {fact: NAME, because: ...}'"
        for src, raw in self.raw_tensions:
            if raw is None:
                continue
            col = Collector(src)
            if not isinstance(raw, list):
                col.add(("tensions",), "must be a list of accepted tensions", expected=expected)
                raw = []
            for i, entry in enumerate(raw):
                path = ("tensions", i)
                e = col.mapping(entry, path, "an accepted tension")
                if e is None:
                    continue
                col.keys(e, path, required=("because",), optional=("rules", "fact"))
                ids: tuple[str, ...] = ()
                fact = e.get("fact")
                if ("rules" in e) == ("fact" in e):
                    col.add(
                        path, "name either two 'rules' or one derived 'fact'", expected=expected
                    )
                    continue
                if "rules" in e:
                    ids = col.text_list(e.get("rules"), path + ("rules",))
                    if len(ids) != 2:
                        col.add(path + ("rules",), "names exactly two rules", expected="[A, B]")
                        continue
                    for j, rid in enumerate(ids):
                        if rid not in rules:
                            col.add(
                                path + ("rules", j),
                                f"unknown rule '{rid}'",
                                expected="a rule id",
                                hint=did_you_mean(rid, rules),
                            )
                elif fact not in dfacts:
                    col.add(
                        path + ("fact",),
                        f"unknown derived fact '{fact}'",
                        expected="a fact from derived.yaml",
                        hint=did_you_mean(str(fact), dfacts),
                    )
                out.append(
                    AcceptedTension(
                        ids,
                        None if ids else str(fact),
                        col.text(e.get("because"), path + ("because",)),
                        src.file,
                        src.line(*path),
                    )
                )
            self.problems.extend(col.problems)
        return tuple(out)

    def accepted(self) -> tuple[Accepted, ...]:
        if self.raw_accepted is None or self.raw_accepted[1] is None:
            return ()
        src, raw = self.raw_accepted
        col = Collector(src)
        out = []
        if not isinstance(raw, list):
            col.add(
                ("accepted",),
                "must be a list",
                expected="- {check: ..., subject: ..., because: ...}",
            )
            raw = []
        for i, entry in enumerate(raw):
            path = ("accepted", i)
            e = col.mapping(entry, path, "an accepted finding")
            if e is None:
                continue
            col.keys(e, path, required=("check", "subject", "because"))
            out.append(
                Accepted(
                    col.text(e.get("check"), path + ("check",)),
                    col.text(e.get("subject"), path + ("subject",)),
                    col.text(e.get("because"), path + ("because",)),
                    src.file,
                    src.line(*path),
                )
            )
        self.problems.extend(col.problems)
        return tuple(out)
