"""The committed JSON Schemas are the ones model.py declares, and they accept real plans."""

import json
from pathlib import Path

import yaml

from hmtn_docs.schema import SCHEMA_DIR, schema_texts

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_models():
    for name, text in schema_texts().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"hmtn_docs/data/schema/{name} is stale: run python -m hmtn_docs.schema"


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


def _as_json(value):
    """YAML data as an editor's schema validator sees it (dates are strings there)."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def test_bundled_plan_files_validate_against_the_published_schemas():
    import jsonschema

    schemas = {name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
               for name in ("plan.schema.json", "include.schema.json")}
    files = sorted((ROOT / "plans").glob("*/*.yaml")) + [ROOT / "tests/plans/minimal/plan.yaml"]
    assert len(files) >= 6
    for path in files:
        name = "plan.schema.json" if path.name == "plan.yaml" else "include.schema.json"
        data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        jsonschema.validate(data, schemas[name])  # raises with the path of the first problem


def test_schema_rejects_a_typo_as_an_editor_would_show_it():
    import jsonschema

    schema = json.loads((SCHEMA_DIR / "include.schema.json").read_text(encoding="utf-8"))
    bad = {"units": {"so-y-te": {"name": "Sở Y tế", "gruop": "so-nganh"}}}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    assert [e.message for e in errors] == [
        "Additional properties are not allowed ('gruop' was unexpected)"]
