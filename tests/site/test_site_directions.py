"""Getting to a drive (hmtn_docs/site/directions.py): map links and the check for places the
public cannot find."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hmtn_docs.load import load_plan
from hmtn_docs.site.catalogue import Entry
from hmtn_docs.site.directions import google_link, missing_whereabouts, osm_link
from site_support import ROOT

MINIMAL = ROOT / "tests/plans/minimal/plan.yaml"


def plan_with(tmp_path, old: str, new: str):
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / "p").mkdir()
    (tmp_path / "p/plan.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return load_plan(tmp_path / "p")


AN_THI = ("{name: Nhà văn hóa huyện Ân Thi, old_area: huyện Ân Thi, coordinates: "
          "{lat: 20.8162, lon: 106.0866}}")


def test_directions_go_to_the_coordinates_when_the_plan_gives_them(tmp_path):
    plan = load_plan(MINIMAL.parent)
    entry = Entry(plan, plan.data.drives[0])
    osm = urlsplit(osm_link(entry))
    assert osm.netloc == "www.openstreetmap.org" and osm.path == "/directions"
    assert parse_qs(osm.query)["route"] == [";20.8162,106.0866"]
    assert parse_qs(urlsplit(google_link(entry)).query) == {
        "api": ["1"], "destination": ["20.8162,106.0866"]}


def test_directions_search_for_the_address_without_coordinates(tmp_path):
    plan = plan_with(tmp_path, AN_THI, "{name: Nhà văn hóa huyện Ân Thi, address: Số 1 Lê Lợi, "
                                       "commune: xã Ân Thi}")
    entry = Entry(plan, plan.data.drives[0])
    wanted = f"Số 1 Lê Lợi, xã Ân Thi, {plan.data.plan.province}, Việt Nam"
    assert parse_qs(urlsplit(osm_link(entry)).query) == {"to": [wanted]}
    assert parse_qs(urlsplit(google_link(entry)).query)["destination"] == [wanted]


def test_a_place_without_address_or_coordinates_is_a_warning_once(tmp_path):
    plan = plan_with(tmp_path, AN_THI, "{name: Nhà văn hóa huyện Ân Thi}")
    (problem,) = missing_whereabouts(plan)
    assert not problem.is_error
    assert str(problem).endswith(
        "plan.yaml:58:12: drives[0].place: cảnh báo: chưa có địa chỉ (address) hay tọa độ "
        "(coordinates): trang web chỉ đường theo tên địa điểm, có thể sai chỗ")
    assert missing_whereabouts(load_plan(MINIMAL.parent)) == []
