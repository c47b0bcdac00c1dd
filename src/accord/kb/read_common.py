"""What the knowledge-base readers share: the name patterns, operators and expectations they check,
and the state each reader adds its problems to (held by kb.loader._Loader)."""

from __future__ import annotations

import re
from typing import Any

from accord.errors import Problem
from accord.kb.yamlread import Located

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ORDER_OPS = ("at_least", "at_most", "above", "below")
LEAF_OPS = ("equals", "in", *ORDER_OPS, "known", "unknown")
CASE_EXPECT = ("fires", "silent")


class ReaderState:
    """The attributes every reader mixin uses; kb.loader._Loader sets them.

    problems: every problem found so far, in the order found. raw_tensions: the 'tensions'
    lists of kb.yaml and derived.yaml, read once the rules are known. raw_accepted: the
    'accepted' list of kb.yaml.
    """

    problems: list[Problem]
    raw_tensions: list[tuple[Located, Any]]
    raw_accepted: tuple[Located, Any] | None
