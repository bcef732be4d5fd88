"""The committed JSON Schemas are the ones model.py declares, and they accept real plans."""

import json
from pathlib import Path

import yaml

from hmtn_docs.schema import SCHEMA_DIR, schema_texts

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_models():
    for name, text in schema_texts().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run python -m hmtn_docs.schema"


def test_schema_descriptions_are_vietnamese_for_the_clerk():
    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    quota = schema["$defs"]["Drive"]["properties"]["quota"]
    assert "đơn vị máu" in json.dumps(quota, ensure_ascii=False)


def test_schema_lets_a_place_be_plain_text_or_a_mapping():
    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    place = schema["$defs"]["Drive"]["properties"]["place"]
    kinds = {alt.get("type") or alt.get("$ref") for alt in place["anyOf"]}
    assert kinds == {"string", "#/$defs/Place"}


def test_minimal_plan_keys_are_all_in_the_schema():
    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8"))
    assert set(data) <= set(schema["properties"])
