"""The brief's template context: typed, documented records built from an Assessment.

Templates see only what is here (StrictUndefined makes any other name an error). Every field
carries a one-line documentation string in its metadata; `context_reference()` turns them into
the reference organisations read when they override templates, and a test keeps both in step.

records.py holds the proposal, risk, advice and method records; mechanisms.py the mechanism
profile; charts.py the mechanism chart's geometry and radar.py the survey radar's (both drawn
by chart-*.svg.j2 with SVG attributes, labels measured and wrapped by textfit.py); survey.py
the survey section; risks.py the views of chains and advice; build.py puts them together;
reference.py documents them.
"""

from accord.report.context.build import build_context
from accord.report.context.records import BriefContext, StepView
from accord.report.context.reference import context_reference, context_types

__all__ = ["BriefContext", "StepView", "build_context", "context_reference", "context_types"]
