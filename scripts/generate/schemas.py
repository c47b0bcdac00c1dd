"""The JSON Schemas in src/accord/schemas/, for editors checking knowledge-base files as you type.

`files()` returns them as {path relative to the repository: text}; scripts/regen.py writes them.
"""

import json

OUT = "src/accord/schemas"
FILES: dict[str, str] = {}
D = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://accord.invalid/schemas/"
RULE_ID = {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"}
NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
GRADE = {"enum": ["derived", "limited", "moderate", "strong"]}
SCALAR = {"type": ["string", "integer", "boolean"]}
WORDS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
MEANINGS = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$", "not": {"const": "unknown"}},
    "additionalProperties": TEXT,
}
TENSIONS = {
    "type": "array",
    "description": "Opposite conclusions that are expected: a pair of rules, or every rule on one derived fact.",
    "items": {
        "type": "object",
        "required": ["because"],
        "additionalProperties": False,
        "properties": {
            "rules": {"type": "array", "items": RULE_ID, "minItems": 2, "maxItems": 2},
            "fact": NAME,
            "because": TEXT,
        },
        "oneOf": [{"required": ["rules"]}, {"required": ["fact"]}],
    },
}


def schema(name, title, body, defs=None):
    s = {"$schema": D, "$id": BASE + f"{name}.schema.json", "title": title}
    s.update(body)
    if defs:
        s["$defs"] = defs
    FILES[f"{OUT}/{name}.schema.json"] = json.dumps(s, indent=2) + "\n"


def files() -> dict[str, str]:
    """Every schema file: {relative path: JSON text}."""
    return dict(FILES)


schema(
    "kb",
    "Accord knowledge base identity (kb.yaml)",
    {
        "type": "object",
        "required": ["name", "version", "description", "limits"],
        "additionalProperties": False,
        "properties": {
            "name": TEXT,
            "version": {
                "type": "string",
                "pattern": "^\\d+\\.\\d+\\.\\d+$",
                "description": "MAJOR.MINOR.PATCH; bump on every change",
            },
            "description": TEXT,
            "limits": {"type": "array", "items": {"type": "string"}},
            "tensions": TENSIONS,
            "accepted": {
                "type": "array",
                "description": "Lint findings the curators accept, with the reason.",
                "items": {
                    "type": "object",
                    "required": ["check", "subject", "because"],
                    "additionalProperties": False,
                    "properties": {"check": TEXT, "subject": TEXT, "because": TEXT},
                },
            },
        },
    },
)

schema(
    "vocabulary",
    "Accord vocabulary (vocabulary.yaml): the facts a proposal may state",
    {
        "type": "object",
        "required": ["facts"],
        "additionalProperties": False,
        "properties": {
            "facts": {
                "type": "object",
                "propertyNames": {
                    "pattern": "^[a-z][a-z0-9_]*$",
                    "not": {"enum": ["risk", "recommendation", "check"]},
                },
                "additionalProperties": {"$ref": "#/$defs/fact"},
            }
        },
    },
    {
        "fact": {
            "type": "object",
            "required": ["type", "group", "label", "question", "description"],
            "additionalProperties": False,
            "properties": {
                "type": {"enum": ["enum", "set", "bool", "int"]},
                "group": TEXT,
                "label": TEXT,
                "question": TEXT,
                "description": TEXT,
                "values": MEANINGS,
                "min": {"type": "integer"},
                "max": {"type": "integer"},
            },
            "allOf": [
                {
                    "if": {"properties": {"type": {"enum": ["enum", "set"]}}},
                    "then": {"required": ["values"]},
                    "else": {"not": {"required": ["values"]}},
                },
                {
                    "if": {"properties": {"type": {"const": "int"}}},
                    "else": {"not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}},
                },
            ],
        }
    },
)

schema(
    "derived",
    "Accord derived facts (derived.yaml): typology, mechanisms, outcomes",
    {
        "type": "object",
        "required": ["derived"],
        "additionalProperties": False,
        "properties": {
            "derived": {
                "type": "object",
                "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                "additionalProperties": {
                    "type": "object",
                    "required": ["kind", "label", "description", "states"],
                    "additionalProperties": False,
                    "properties": {
                        "kind": {"enum": ["typology", "mechanism", "outcome"]},
                        "family": {"type": "string"},
                        "favourable": {
                            "type": "string",
                            "description": "The state that helps the collaboration (mechanisms and outcomes); briefs use it for the chart's direction.",
                        },
                        "label": TEXT,
                        "description": TEXT,
                        "states": MEANINGS,
                    },
                },
            },
            "tensions": TENSIONS,
        },
    },
)

schema(
    "evidence",
    "Accord evidence register (evidence.yaml): sources and claims",
    {
        "type": "object",
        "required": ["sources", "claims"],
        "additionalProperties": False,
        "properties": {
            "sources": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["citation", "link", "licence"],
                    "additionalProperties": False,
                    "properties": {
                        "citation": TEXT,
                        "link": TEXT,
                        "licence": TEXT,
                        "attribution_only": {
                            **TEXT,
                            "description": "Why the source is cited with no claim of its own.",
                        },
                    },
                },
            },
            "claims": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["source", "location", "summary", "status", "grade"],
                    "additionalProperties": False,
                    "properties": {
                        "source": {"type": "string"},
                        "location": TEXT,
                        "summary": TEXT,
                        "status": TEXT,
                        "grade": GRADE,
                        "context": TEXT,
                        "mechanism": TEXT,
                        "outcome": TEXT,
                    },
                },
            },
        },
    },
)

COND_DEFS = {
    "condition": {
        "oneOf": [
            {"$ref": "#/$defs/all"},
            {"$ref": "#/$defs/any"},
            {"$ref": "#/$defs/not"},
            {"$ref": "#/$defs/test"},
        ]
    },
    "all": {
        "type": "object",
        "required": ["all"],
        "additionalProperties": False,
        "properties": {
            "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}
        },
    },
    "any": {
        "type": "object",
        "required": ["any"],
        "additionalProperties": False,
        "properties": {
            "any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}
        },
    },
    "not": {
        "type": "object",
        "required": ["not"],
        "additionalProperties": False,
        "properties": {"not": {"$ref": "#/$defs/condition"}},
    },
    "test": {
        "type": "object",
        "required": ["fact"],
        "additionalProperties": False,
        "minProperties": 2,
        "maxProperties": 2,
        "description": "A test on one fact: exactly one operator.",
        "properties": {
            "fact": {"type": "string"},
            "equals": SCALAR,
            "in": {"type": "array", "minItems": 1, "items": SCALAR},
            "at_least": {"type": "integer"},
            "at_most": {"type": "integer"},
            "above": {"type": "integer"},
            "below": {"type": "integer"},
            "known": {"const": True},
            "unknown": {"const": True},
        },
    },
}
RULE = {
    "type": "object",
    "required": ["id", "title", "kind", "when", "because", "evidence", "grade"],
    "additionalProperties": False,
    "properties": {
        "id": RULE_ID,
        "title": TEXT,
        "kind": {
            "enum": [
                "typology",
                "mechanism",
                "outcome",
                "risk",
                "mitigation",
                "recommendation",
                "lifecycle",
            ]
        },
        "when": {"$ref": "#/$defs/condition"},
        "then": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "because": TEXT,
        "evidence": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "minItems": 1, "items": {"type": "string"}},
            ]
        },
        "grade": GRADE,
        "severity": {"enum": ["low", "medium", "high"]},
        "scope": {
            "enum": ["proposal", "form"],
            "description": "form: the finding holds for every proposal of its form; shown as "
            "context, it never makes the call alone.",
        },
        "mitigates": WORDS,
        "lowers": {"enum": ["likelihood", "severity"]},
        "addresses": WORDS,
        "stages": {
            "anyOf": [
                {
                    "enum": [
                        "contemplating",
                        "connecting",
                        "planning",
                        "implementation",
                        "maintenance",
                        "dissolution",
                    ]
                },
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "enum": [
                            "contemplating",
                            "connecting",
                            "planning",
                            "implementation",
                            "maintenance",
                            "dissolution",
                        ]
                    },
                },
            ]
        },
        "advice": TEXT,
    },
    "allOf": [
        {
            "if": {"properties": {"kind": {"enum": ["typology", "mechanism", "outcome"]}}},
            "then": {"required": ["then"]},
            "else": {"not": {"required": ["then"]}},
        },
        {
            "if": {"properties": {"kind": {"const": "risk"}}},
            "then": {"required": ["severity"]},
            "else": {"not": {"required": ["severity"]}},
        },
        {
            "if": {"properties": {"kind": {"enum": ["recommendation", "lifecycle"]}}},
            "then": {"required": ["stages", "advice"]},
            "else": {
                "not": {
                    "anyOf": [
                        {"required": ["stages"]},
                        {"required": ["advice"]},
                        {"required": ["addresses"]},
                    ]
                }
            },
        },
        {
            "if": {"properties": {"kind": {"const": "recommendation"}}},
            "then": {"required": ["addresses"]},
        },
        {
            "if": {"properties": {"kind": {"const": "mitigation"}}},
            "then": {"required": ["mitigates", "lowers"]},
            "else": {"not": {"anyOf": [{"required": ["mitigates"]}, {"required": ["lowers"]}]}},
        },
        {
            "if": {"properties": {"kind": {"const": "risk"}}},
            "else": {"not": {"required": ["scope"]}},
        },
    ],
}
schema(
    "rules",
    "Accord rules file (*.rules.yaml)",
    {
        "type": "object",
        "required": ["rules"],
        "additionalProperties": False,
        "properties": {"rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}}},
    },
    dict(rule=RULE, **COND_DEFS),
)

VALUE = {"anyOf": [SCALAR, {"type": "array", "items": {"type": "string"}}]}
schema(
    "cases",
    "Accord cases file (*.cases.yaml): scenarios beside each rule",
    {
        "type": "object",
        "required": ["cases"],
        "additionalProperties": False,
        "properties": {
            "cases": {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "facts", "expect"],
                        "additionalProperties": False,
                        "properties": {
                            "name": NAME,
                            "facts": {"type": "object", "additionalProperties": VALUE},
                            "expect": {"enum": ["fires", "silent"]},
                        },
                    },
                },
            }
        },
    },
)

schema(
    "proposal",
    "Accord proposal: a proposed collaboration to assess",
    {
        "type": "object",
        "required": ["title", "facts"],
        "additionalProperties": False,
        "properties": {
            "title": TEXT,
            "summary": {"type": "string"},
            "partners": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "required": ["name"],
                            "additionalProperties": False,
                            "properties": {
                                "name": TEXT,
                                "sector": {"type": "string"},
                                "role": TEXT,
                            },
                        },
                    ]
                },
            },
            "facts": {
                "type": "object",
                "description": "Fact names and values from the vocabulary (`accord facts`); leave a fact out when it is unknown.",
                "additionalProperties": {"anyOf": [VALUE, {"type": "null"}]},
            },
        },
    },
)

schema(
    "presentation",
    "Accord presentation (presentation.yaml): attribution, grade meanings and wording for briefs",
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "attribution": {
                "type": "object",
                "required": [
                    "primary",
                    "primary_url",
                    "companions",
                    "licence",
                    "licence_url",
                    "statement",
                ],
                "additionalProperties": False,
                "properties": {
                    "primary": TEXT,
                    "primary_url": {"type": "string", "pattern": "^https://"},
                    "companions": {"type": "array", "items": TEXT},
                    "licence": TEXT,
                    "licence_url": {"type": "string", "pattern": "^https://"},
                    "statement": TEXT,
                },
            },
            "grades": {
                "type": "object",
                "propertyNames": GRADE,
                "additionalProperties": TEXT,
            },
            "grade_rule": TEXT,
            "forms": {
                "type": "object",
                "description": "How each form (or 'default') is named in rule texts and the summary sentence.",
                "additionalProperties": {
                    "type": "object",
                    "required": ["noun", "plural", "sentence"],
                    "additionalProperties": False,
                    "properties": {
                        "noun": TEXT,
                        "plural": TEXT,
                        "article": {"enum": ["a", "an"]},
                        "sentence": {"type": "array", "minItems": 1, "items": TEXT},
                    },
                },
            },
            "initiation": {"type": "object", "additionalProperties": TEXT},
            "stage": TEXT,
        },
    },
)
