"""Kế hoạch: what the bundled Hưng Yên plan does not show (the full plan is read in
tests/test_build.py and tests/render/)."""

from __future__ import annotations

from hmtn_docs.documents import plan_outputs
from hmtn_docs.load import load_plan


def test_year_fills_the_text_of_a_ke_hoach(write_plan, minimal_text):
    text = minimal_text.replace("bullets: [Đẩy mạnh phong trào hiến máu tình nguyện.]",
                                "bullets: [\"Đẩy mạnh phong trào hiến máu tình nguyện năm {year}.\"]")
    plan = load_plan(write_plan(text))
    (output,) = [o for o in plan_outputs(plan) if o.kind == "ke-hoach"]
    texts = [b["text"] for b in output.context()["body"]]
    assert "- Đẩy mạnh phong trào hiến máu tình nguyện năm 2021." in texts


def test_edition_in_a_ke_hoach_is_an_error_it_is_about_no_one_programme(check_with, minimal_text):
    problems = check_with("", ("bullets: [Đẩy mạnh phong trào hiến máu tình nguyện.]",
                               "bullets: [\"Hành trình Đỏ lần thứ {edition}.\"]"))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "ke_hoach.sections[0].items[0].bullets[0]: {edition} cần đợt hiến máu của một chương "
        "trình có 'first_edition' (năm tổ chức lần thứ nhất)"]
