"""The JSON Schema of the open data (``du-lieu/dot-hien-mau.json``), published beside it.

Written by hand, next to ``feeds.open_data`` and ``feeds.drive_record`` which it describes; the
site tests validate every build's JSON against it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import json
from typing import Any

from .feeds import FORMAT, LICENCE

_TEXT = {"type": "string", "minLength": 1}
_OPT = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}$", "description": "Giờ Việt Nam (UTC+7)."}
_WINDOW = {"type": ["object", "null"], "additionalProperties": False,
           "required": ["start", "end"],
           "properties": {"start": _TIME, "end": {"anyOf": [_TIME, {"type": "null"}],
                                                  "description": "null: chỉ có giờ bắt đầu."}}}
_AMOUNT = {"type": "object", "additionalProperties": False,
           "required": ["min", "max", "unit", "per_day", "text"],
           "properties": {"min": {"type": "integer", "minimum": 0},
                          "max": {"type": ["integer", "null"], "minimum": 0,
                                  "description": "null: không có mức trên (ít nhất min)."},
                          "unit": {"enum": ["đơn vị máu", "người"]},
                          "per_day": {"type": "boolean"}, "text": _TEXT}}
_QUOTA = {"anyOf": [{"type": "integer", "minimum": 1}, _AMOUNT, {"type": "null"}],
          "description": "Chỉ tiêu: một số (đơn vị máu), hoặc như văn bản ghi (khoảng, mức "
                         "tối thiểu, theo người, mỗi ngày); null: không có chỉ tiêu."}
_TOTAL = {"anyOf": [{"type": "integer", "minimum": 0},
                    {"type": "array", "items": _AMOUNT}, _AMOUNT, {"type": "null"}],
          "description": "Tổng chỉ tiêu: một số khi mọi chỉ tiêu là số đơn vị máu; ngược lại "
                         "giữ cả hai mức của các khoảng."}
_RESULTS = {"type": ["object", "null"], "description": "Kết quả đã báo (null: chưa có)."}
_UNIT = {"type": "object", "additionalProperties": False, "required": ["id", "name", "short"],
         "properties": {"id": _TEXT, "name": _TEXT, "short": _OPT}}
_URL = {"type": "string", "description": "Địa chỉ, tính từ gốc của trang web."}


def _object(properties: dict[str, Any], **more) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties, **more}


DRIVE = _object({
    "plan": _TEXT, "id": _TEXT,
    "status": {"enum": ["planned", "cancelled"]},
    "revision": {"type": "integer", "minimum": 0},
    "dates": {"type": "array", "items": _DATE, "minItems": 1},
    "time": _WINDOW,
    "organiser": _UNIT,
    "place": _object({
        "name": _TEXT, "address": _OPT, "commune": _OPT, "province": _TEXT, "old_area": _OPT,
        "campus": _OPT,
        "coordinates": {"type": ["object", "null"], "additionalProperties": False,
                        "required": ["lat", "lon"],
                        "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90},
                                       "lon": {"type": "number", "minimum": -180,
                                               "maximum": 180}}},
    }),
    "quota": _QUOTA,
    "audience": _OPT, "contact": _OPT,
    "registration": {"type": ["string", "null"], "format": "uri"},
    "open_to": {"enum": ["public", "staff"],
                "description": "`staff`: đợt nội bộ, chỉ cán bộ, nhân viên của đơn vị tổ chức."},
    "programme": {"type": ["object", "null"], "additionalProperties": False,
                  "required": ["id", "name"], "properties": {"id": _TEXT, "name": _TEXT}},
    "coordinators": {"type": "array", "items": _UNIT},
    "executors": {"type": "array", "items": _UNIT},
    "allocations": {"type": "array", "items": _object({
        "unit": _UNIT, "quota": {"type": "integer", "minimum": 1}, "slot": _WINDOW})},
    "note": _OPT, "results": _RESULTS, "page": _URL, "ics": _URL,
})
# only for a drive known by month, or held in several places
DRIVE["properties"].update({
    "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"}, "when": _TEXT,
    "other_places": {"type": "array", "items": _TEXT}})

PLAN = _object({
    "id": _TEXT, "title": _TEXT, "year": {"type": "integer"}, "province": _OPT,
    "committee": _OPT, "period": _object({"start": _DATE, "end": _DATE}),
    "drives": {"type": "integer", "minimum": 0}, "quota": _TOTAL,
    "status": {"enum": ["approved", "draft"]}, "results": _RESULTS,
    "page": _URL, "ics": _URL,
})


def schema(url: str | None = None) -> dict[str, Any]:
    top = _object({
        "format": {"const": FORMAT},
        "licence": _object({"id": _TEXT, "name": _TEXT, "url": {"type": "string", "format": "uri"}},
                           default=LICENCE),
        "generated": {"type": "string", "format": "date-time",
                      "description": "Thời điểm của dữ liệu: giống nhau mỗi lần tạo lại từ "
                                     "cùng các kế hoạch."},
        "timezone": {"const": "Asia/Ho_Chi_Minh"},
        "plans": {"type": "array", "items": PLAN},
        "drives": {"type": "array", "items": DRIVE},
    })
    top["properties"]["$schema"] = {"type": "string"}
    top["properties"]["csv"] = _URL
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **({"$id": url} if url else {}),
            "title": "Các đợt hiến máu tình nguyện (hmtn-docs)", **top}


def schema_bytes(url: str | None = None) -> bytes:
    return (json.dumps(schema(url), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
