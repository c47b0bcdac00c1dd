"""Read evidence.yaml: the sources and the claims rules cite."""

from __future__ import annotations

from typing import Any

from accord.errors import did_you_mean
from accord.kb.model import GRADES, Claim, Source
from accord.kb.problems import Collector
from accord.kb.read_common import ReaderState
from accord.kb.yamlread import Located


class EvidenceReader(ReaderState):
    """Reads evidence.yaml (evidence)."""

    def evidence(self, src: Located | None) -> tuple[dict[str, Source], dict[str, Claim]]:
        if src is None:
            return {}, {}
        col = Collector(src)
        data = col.mapping(src.data, (), "evidence.yaml") or {}
        col.keys(data, (), required=("sources", "claims"))
        sources = self.read_sources(col, data)
        claims = self.read_claims(col, data, sources)
        self.problems.extend(col.problems)
        return sources, claims

    def read_sources(self, col: Collector, data: dict[str, Any]) -> dict[str, Source]:
        """The 'sources' of evidence.yaml by id."""
        sources: dict[str, Source] = {}
        for sid, entry in (
            col.mapping(data.get("sources", {}), ("sources",), "sources") or {}
        ).items():
            path = ("sources", sid)
            e = col.mapping(entry, path, f"source '{sid}'")
            if e is None:
                continue
            col.keys(e, path, required=("citation", "link", "licence"), optional=("attribution_only",))
            sources[str(sid)] = Source(
                id=str(sid),
                citation=col.text(e.get("citation"), path + ("citation",)),
                link=col.text(e.get("link"), path + ("link",)),
                licence=col.text(e.get("licence"), path + ("licence",)),
                attribution_only=col.text(
                    e.get("attribution_only"), path + ("attribution_only",), required=False
                ),
            )
        return sources

    def read_claims(
        self, col: Collector, data: dict[str, Any], sources: dict[str, Source]
    ) -> dict[str, Claim]:
        """The 'claims' of evidence.yaml by id, each checked against the sources."""
        claims: dict[str, Claim] = {}
        for cid, entry in (
            col.mapping(data.get("claims", {}), ("claims",), "claims") or {}
        ).items():
            path = ("claims", cid)
            e = col.mapping(entry, path, f"claim '{cid}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("source", "location", "summary", "status", "grade"),
                optional=("context", "mechanism", "outcome"),
            )
            source = e.get("source")
            if source not in sources:
                col.add(
                    path + ("source",),
                    f"unknown source '{source}'",
                    expected="a source id from 'sources'",
                    hint=did_you_mean(str(source), sources),
                )
            grade = e.get("grade")
            if grade not in GRADES:
                col.add(
                    path + ("grade",),
                    f"'{grade}' is not a grade",
                    expected="one of: " + ", ".join(GRADES),
                    hint=did_you_mean(str(grade), GRADES),
                )
            claims[str(cid)] = Claim(
                id=str(cid),
                source=str(source),
                location=col.text(e.get("location"), path + ("location",)),
                summary=col.text(e.get("summary"), path + ("summary",)),
                status=col.text(e.get("status"), path + ("status",)),
                grade=str(grade),
                context=col.text(e.get("context"), path + ("context",), required=False),
                mechanism=col.text(e.get("mechanism"), path + ("mechanism",), required=False),
                outcome=col.text(e.get("outcome"), path + ("outcome",), required=False),
            )
        return claims
