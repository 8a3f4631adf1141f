"""JSON Schema of plan files, generated from the model (for editors and check-jsonschema).

The committed copy is schema/plan.schema.json; a test fails when it is stale
(`make schema` regenerates it).
"""

from __future__ import annotations

import json
from typing import Any

from parplan.core.model import Plan

SCHEMA_ID = "https://parplan.invalid/schema/plan.schema.json"


def plan_schema() -> dict[str, Any]:
    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Kế hoạch cải cách hành chính (parplan) / PAR plan",
    }


def schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
