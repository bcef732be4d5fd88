"""JSON Schemas of the plan format, for editors that autocomplete YAML.

``plan.schema.json`` describes ``plan.yaml``; ``include.schema.json`` describes a file listed in
``include:`` (units, signers... reused across years). Both come from ``model.py`` and the document kinds (``documents/``); a test
keeps the committed copies in step with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._data import SCHEMAS
from .documents import SHARED_LISTS, PlanFile

SCHEMA_DIR = SCHEMAS
SHARED_KEYS = ("issuers", "signers", "groups", "units", "programmes", "drives",
               "results") + SHARED_LISTS


def plan_schema() -> dict:
    schema = PlanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kế hoạch hiến máu tình nguyện (hmtn-docs)"
    return schema


def include_schema() -> dict:
    schema = plan_schema()
    schema["title"] = "Tệp dùng chung của kế hoạch (hmtn-docs)"
    schema["description"] = "Đơn vị, người ký... dùng lại qua các năm; được nạp bằng `include:`."
    schema["properties"] = {k: v for k, v in schema["properties"].items() if k in SHARED_KEYS}
    schema["required"] = []
    return schema


def schema_texts() -> dict[str, str]:
    return {name: json.dumps(fn(), ensure_ascii=False, indent=2) + "\n"
            for name, fn in (("plan.schema.json", plan_schema),
                             ("include.schema.json", include_schema))}


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
