"""Read vocabulary.yaml (the facts a proposal states) and derived.yaml (the mechanisms and
outcomes rules conclude)."""

from __future__ import annotations

from typing import Any

from accord.errors import did_you_mean
from accord.kb.model import DERIVED_KINDS, FACT_TYPES, RULE_FACTS, DerivedDef, FactDef
from accord.kb.problems import Collector
from accord.kb.read_common import NAME, ReaderState
from accord.kb.yamlread import Located


class VocabularyReader(ReaderState):
    """Reads vocabulary.yaml (vocabulary) and derived.yaml (derived)."""

    def vocabulary(self, src: Located | None) -> dict[str, FactDef]:
        if src is None:
            return {}
        col = Collector(src)
        data = col.mapping(src.data, (), "vocabulary.yaml") or {}
        col.keys(data, (), required=("facts",))
        out: dict[str, FactDef] = {}
        for name, entry in (col.mapping(data.get("facts", {}), ("facts",), "facts") or {}).items():
            path = ("facts", name)
            if not isinstance(name, str) or not NAME.match(name):
                col.add(path, f"'{name}' is not a valid fact name", expected="lower_case_words")
                continue
            if name in RULE_FACTS.values():
                col.add(path, f"'{name}' is reserved for rule conclusions")
                continue
            e = col.mapping(entry, path, f"fact '{name}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("type", "group", "label", "question", "description"),
                optional=("values", "min", "max", "collected_because"),
            )
            ftype = e.get("type")
            if ftype not in FACT_TYPES:
                col.add(
                    path + ("type",),
                    f"'{ftype}' is not a fact type",
                    expected="one of: " + ", ".join(FACT_TYPES),
                    hint=did_you_mean(str(ftype), FACT_TYPES),
                )
                continue
            values = self.fact_values(col, path, e, ftype)
            lo, hi = e.get("min"), e.get("max")
            out[name] = FactDef(
                name=name,
                type=ftype,
                group=col.text(e.get("group"), path + ("group",)),
                label=col.text(e.get("label"), path + ("label",)),
                question=col.text(e.get("question"), path + ("question",)),
                description=col.text(e.get("description"), path + ("description",)),
                values=values,
                minimum=lo if isinstance(lo, int) else None,
                maximum=hi if isinstance(hi, int) else None,
                line=src.line(*path),
                collected_because=col.text(
                    e.get("collected_because"), path + ("collected_because",), required=False
                ),
            )
        self.problems.extend(col.problems)
        return out

    def fact_values(
        self, col: Collector, path: tuple[Any, ...], e: dict[str, Any], ftype: str
    ) -> tuple[tuple[str, str], ...]:
        """An enum or set fact's values with their meanings; checks only int facts have bounds."""
        values: tuple[tuple[str, str], ...] = ()
        if ftype in ("enum", "set"):
            values = self.meanings(col, e.get("values"), path + ("values",))
        elif "values" in e:
            col.add(path + ("values",), f"a {ftype} fact has no list of values")
        lo, hi = e.get("min"), e.get("max")
        if ftype != "int" and (lo is not None or hi is not None):
            col.add(path, "only int facts take min and max")
        for bound, key in ((lo, "min"), (hi, "max")):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
                col.add(path + (key,), "must be a whole number")
        return values

    def meanings(
        self, col: Collector, raw: Any, path: tuple[Any, ...]
    ) -> tuple[tuple[str, str], ...]:
        m = col.mapping(raw, path, "values")
        if not m:
            col.add(path, "needs at least one value with its meaning", expected="value: meaning")
            return ()
        out = []
        for value, meaning in m.items():
            if not isinstance(value, str) or not NAME.match(value) or value == "unknown":
                col.add(
                    path + (value,),
                    f"'{value}' is not a valid value name",
                    expected="lower_case_words, not 'unknown'",
                )
                continue
            out.append((value, col.text(meaning, path + (value,))))
        return tuple(out)

    # --- derived facts --------------------------------------------------------------------
    def derived(self, src: Located | None, facts: dict[str, FactDef]) -> dict[str, DerivedDef]:
        if src is None:
            return {}
        col = Collector(src)
        data = col.mapping(src.data, (), "derived.yaml") or {}
        col.keys(data, (), required=("derived",), optional=("tensions",))
        self.raw_tensions.append((src, data.get("tensions")))
        out: dict[str, DerivedDef] = {}
        for name, entry in (
            col.mapping(data.get("derived", {}), ("derived",), "derived") or {}
        ).items():
            path = ("derived", name)
            if not isinstance(name, str) or not NAME.match(name):
                col.add(path, f"'{name}' is not a valid name", expected="lower_case_words")
                continue
            if name in facts or name in RULE_FACTS.values():
                col.add(path, f"'{name}' is already a proposal fact or reserved")
                continue
            e = col.mapping(entry, path, f"derived fact '{name}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("kind", "label", "description", "states"),
                optional=("family", "favourable"),
            )
            kind = e.get("kind")
            if kind not in DERIVED_KINDS:
                col.add(
                    path + ("kind",),
                    f"'{kind}' is not a derived-fact kind",
                    expected="one of: " + ", ".join(DERIVED_KINDS),
                    hint=did_you_mean(str(kind), DERIVED_KINDS),
                )
                continue
            out[name] = DerivedDef(
                name=name,
                kind=kind,
                label=col.text(e.get("label"), path + ("label",)),
                description=col.text(e.get("description"), path + ("description",)),
                states=self.meanings(col, e.get("states"), path + ("states",)),
                family=e.get("family") if isinstance(e.get("family"), str) else None,
                line=src.line(*path),
                favourable=self.favourable(col, path, e),
            )
        self.problems.extend(col.problems)
        return out

    def favourable(self, col: Collector, path: tuple[Any, ...], e: dict[str, Any]) -> str | None:
        """The state of a mechanism or outcome that counts in a proposal's favour (optional)."""
        value = e.get("favourable")
        raw = e.get("states")
        states: dict[Any, Any] = raw if isinstance(raw, dict) else {}
        if value is None:
            return None
        if value not in states:
            col.add(
                path + ("favourable",),
                f"'{value}' is not one of its states",
                expected="one of: " + ", ".join(map(str, states)),
                hint=did_you_mean(str(value), [str(k) for k in states]),
            )
            return None
        return str(value)
