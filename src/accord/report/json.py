"""Serialise an Assessment or survey scores as JSON: canonical for tools, compact for goldens."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from accord.engine.assessment import Assessment

if TYPE_CHECKING:
    from accord.survey.scoring import SurveyResult

SCHEMA = "accord.assessment/1"
GOLDEN_WIDTH = 100


def as_data(obj: Any) -> Any:
    """Turn records into plain JSON data, tuples into lists, keeping field order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: as_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [as_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): as_data(v) for k, v in obj.items()}
    return obj


def to_json(assessment: Assessment) -> str:
    """The assessment as canonical JSON text (schema accord.assessment/1), ending in a newline.

    assessment is what `accord.assess()` returns. Fields keep their record order, indented by
    two spaces; same assessment, same bytes. The text is exactly
    `json.dumps({"schema": SCHEMA, **as_data(assessment)}, indent=2, ensure_ascii=False)`
    (tests/test_json_output.py checks it), written by report/json_fast.py in a fraction of the
    time (the standard library's encoder is pure Python when it indents). Raises nothing.
    """
    from accord.report.json_fast import dumps_indented

    return dumps_indented({"schema": SCHEMA}, assessment) + "\n"


def survey_json(result: SurveyResult) -> str:
    """Survey scores as canonical JSON for other tools."""
    data = {"schema": "accord.survey-scores/1", **as_data(result)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def golden_json(assessment: Assessment) -> str:
    """The assessment as the compact JSON of tests/golden: to_json's data without the trace.

    The firing trace is left out (the differential test compares it across engines). Layout: a
    record or list whose values hold no nested record is written on one line (so each fact, pair
    and citation is one line), and anything else that fits in GOLDEN_WIDTH columns too; fields
    keep their record order. json.loads of the result equals to_json's data minus "trace".
    """
    data = {"schema": SCHEMA, **as_data(assessment)}
    data.pop("trace")
    return _compact(data, 0, 0) + "\n"


def _flat(value: Any) -> bool:
    """A record whose values are scalars or lists of scalars."""
    return isinstance(value, dict) and all(
        not isinstance(v, dict)
        and (not isinstance(v, list) or not any(isinstance(x, (dict, list)) for x in v))
        for v in value.values()
    )


def _compact(value: Any, depth: int, used: int) -> str:
    one = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or not value or _flat(value):
        return one
    if 2 * depth + used + len(one) <= GOLDEN_WIDTH:
        return one
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        items = []
        for key, v in value.items():
            name = json.dumps(key, ensure_ascii=False) + ": "
            items.append(pad + name + _compact(v, depth + 1, len(name)))
    else:
        items = [pad + _compact(v, depth + 1, 0) for v in value]
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + "\n" + ",\n".join(items) + "\n" + "  " * depth + closing
