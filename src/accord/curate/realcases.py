"""The real-case library: real collaborations with what a sound assessment must say about them.

The library ships inside a knowledge-base folder:

- ``concerns.yaml``: the controlled list of concerns a board is warned about, each naming the
  risk rules that warn about it;
- ``realcases/library.yaml``: per case, its proposal file, title, outcome, sources and
  expectations (must_warn, must_not_warn, highest_severity, protective, call, no_synergy,
  not_form_driven), and a ``threshold`` for the ``kb check`` step;
- ``realcases/*.yaml``: the proposals themselves (outcomes only in their header comments).

``load_library`` validates all of it against the knowledge base; ``run_library`` assesses every
case with the engine and says, per expectation, whether it holds, fails, or fails while waiting
on work that is still to come (``waits_on``); ``library_score`` gives the "warns about N of M
documented causes" figure for a knowledge-base version.

Judgement attributes. Raised risks may carry ``likelihood`` and ``scope``, and the Assessment
``in_favour``, once the weighing of issue 10 lands. They are read only through
``risk_likelihood``, ``risk_scope`` and ``in_favour_pairs``, which fall back to "likely",
"proposal" and nothing, so this module works before and after that change.

The code lives in realcase_records (the records), realcase_library (reading and validating),
realcase_expectations (one case's expectations), realcase_run (running it) and realcase_output
(the report); this module gathers what callers use.
"""

from __future__ import annotations

from accord.curate.realcase_library import has_library, library_problems, load_library, paths
from accord.curate.realcase_output import check_lines, render_text, report_json, summary
from accord.curate.realcase_records import (
    CALL_LEVELS,
    CONCERNS_FILE,
    FAILS,
    HOLDS,
    LIBRARY_DIR,
    LIBRARY_FILE,
    WAITS,
    Concern,
    Expectation,
    Library,
    RealCase,
    SourceRef,
)
from accord.curate.realcase_run import (
    CaseResult,
    LibraryReport,
    Result,
    Score,
    in_favour_pairs,
    library_score,
    library_statement,
    raised,
    risk_likelihood,
    risk_scope,
    run_library,
)

__all__ = [
    "CALL_LEVELS",
    "CONCERNS_FILE",
    "FAILS",
    "HOLDS",
    "LIBRARY_DIR",
    "LIBRARY_FILE",
    "WAITS",
    "CaseResult",
    "Concern",
    "Expectation",
    "Library",
    "LibraryReport",
    "RealCase",
    "Result",
    "Score",
    "SourceRef",
    "check_lines",
    "has_library",
    "in_favour_pairs",
    "library_problems",
    "library_score",
    "library_statement",
    "load_library",
    "paths",
    "raised",
    "render_text",
    "report_json",
    "risk_likelihood",
    "risk_scope",
    "run_library",
    "summary",
]
