"""Anchors of the places page (hmtn_docs/site/pages.py): names that differ only by tone marks
fold to one ASCII slug, yet each keeps its own heading and its own links."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from hmtn_docs import load_plan
from hmtn_docs.site import paths as P
from hmtn_docs.site.catalogue import Catalogue
from hmtn_docs.site.pages import Writer
from site_support import ROOT


def test_places_differing_only_by_tone_marks_get_their_own_anchors(tmp_path):
    data = yaml.safe_load((ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8"))
    for drive, commune in zip(data["drives"], ("xã Khoái Châu", "xã Khoai Châu")):
        drive["place"] = {"name": f"Nhà văn hóa {commune}", "commune": commune,
                          "address": f"Số 1, {commune}"}
    (tmp_path / "2021-thu").mkdir()
    (tmp_path / "2021-thu" / "plan.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = load_plan(tmp_path / "2021-thu")
    writer = Writer(Catalogue([plan], dt.date(2021, 1, 1)), P.Router())
    a, b = (writer.place_anchor(e) for e in writer.cat.entries)
    province = P.slug(plan.data.plan.province)
    assert {a, b} == {f"{province}--xa-khoai-chau", f"{province}--xa-khoai-chau-2"}
    html = writer.places_page().html
    ids = re.findall(r'<h3 id="([^"]+)">', html)
    assert sorted(ids) == sorted([a, b])
