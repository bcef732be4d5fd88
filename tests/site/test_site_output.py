"""The site's folder (hmtn_docs/site/output.py) and the documents it publishes: MkDocs empties
its output folder, so a folder of sources or of someone's files is refused before that, and
only documents a build listed for the very plan being published are linked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from hmtn_docs import build_plan, load_plan
from hmtn_docs.site.catalogue import find_documents
from hmtn_docs.site.output import SiteDirError, claim_site_dir, record_site_dir
from site_support import ROOT, run_build

PACKAGE = ROOT / "hmtn_docs"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_hmtn_site_into_the_plans_folder_is_refused_and_deletes_nothing(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans" / "2021-hung-yen", plans / "2021-hung-yen")
    before = _tree(plans)
    run = run_build(["hmtn_docs", "site", "-o", str(plans)], plans, tmp_path / "docs")
    assert run.returncode == 1, run.stderr
    assert f"không tạo trang web vào {plans}: thư mục này trùng hoặc chứa thư mục kế hoạch" \
        in run.stderr
    assert "Traceback" not in run.stderr
    assert _tree(plans) == before


@pytest.mark.parametrize("folder, what", [
    (ROOT / "hmtn_docs", "mã nguồn hmtn-docs"),
    (ROOT / "hmtn_docs" / "site", "mã nguồn hmtn-docs"),
    (ROOT / "templates", "thư mục mẫu văn bản"),
    (ROOT / "site", "mã nguồn trang web"),
    (ROOT, "dự án (mkdocs.yml)"),
    (ROOT.parent, "dự án (mkdocs.yml)"),
    (ROOT / "build", "thư mục văn bản"),
])
def test_a_site_folder_that_is_or_holds_sources_is_refused(folder, what):
    sources = {ROOT / "plans": "thư mục kế hoạch", ROOT / "site": "mã nguồn trang web",
               PACKAGE: "mã nguồn hmtn-docs", ROOT / "templates": "thư mục mẫu văn bản"}
    holders = {ROOT: "dự án (mkdocs.yml)", ROOT / "build": "thư mục văn bản"}
    with pytest.raises(SiteDirError, match=re.escape(f"trùng hoặc chứa {what} (")):
        claim_site_dir(folder, sources, holders)


def test_the_usual_site_folder_inside_the_project_and_the_documents_is_accepted(tmp_path):
    claim_site_dir(tmp_path / "build" / "site", {tmp_path / "plans": "thư mục kế hoạch"},
                   {tmp_path: "dự án (mkdocs.yml)", tmp_path / "build": "thư mục văn bản"})


def test_a_folder_with_files_no_site_build_wrote_is_refused(tmp_path):
    site = tmp_path / "out"
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "bao-cao.xlsx").write_bytes(b"a clerk's file")
    with pytest.raises(SiteDirError) as exc:
        claim_site_dir(site, {}, {})
    assert str(exc.value) == (
        f"không tạo trang web vào {site}: thư mục này có tệp không do lần tạo trang web trước "
        "ghi (sub/bao-cao.xlsx); MkDocs sẽ xóa chúng. Hãy chọn thư mục khác, hoặc tự xóa các "
        "tệp đó nếu chúng không cần nữa")


def test_an_earlier_site_is_replaced_but_a_file_added_to_it_since_is_not(tmp_path):
    site = tmp_path / "out"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("old page")
    (site / ".git").mkdir()  # hidden entries at the top are left alone by MkDocs
    (site / ".git" / "HEAD").write_text("ref")
    record_site_dir(site)
    claim_site_dir(site, {}, {})
    (site / "a" / "added-by-hand.pdf").write_bytes(b"%PDF")
    with pytest.raises(SiteDirError, match=r"\(a/added-by-hand.pdf\)"):
        claim_site_dir(site, {}, {})


def test_documents_of_another_revision_of_the_plan_are_not_published(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "plans" / "2021-hung-yen", tmp_path / "plans" / "2021-hung-yen")
    folder = Path("plans/2021-hung-yen")
    build_plan(load_plan(folder), Path("docs"))
    docs, warnings = find_documents(Path("docs"), load_plan(folder))
    assert "2021-hung-yen-ke-hoach.docx" in [d.rel for d in docs] and warnings == []
    plan_yaml = folder / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text().replace("number: 10", "number: 11"))
    docs, warnings = find_documents(Path("docs"), load_plan(folder))
    assert docs == []
    assert warnings == ["docs/2021-hung-yen: văn bản được tạo từ một phiên bản khác của kế hoạch "
                        "2021-hung-yen nên không đăng; hãy chạy 'hmtn build plans/2021-hung-yen'"]


def test_a_document_changed_after_the_build_is_not_published(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = load_plan(ROOT / "plans" / "2021-hung-yen")
    paths = build_plan(plan, Path("docs"))
    path = paths[0]
    path.write_bytes(path.read_bytes() + b"tampered")
    docs, warnings = find_documents(Path("docs"), plan)
    assert [d.path for d in docs] == paths[1:]
    assert warnings == [f"{path}: tệp đã bị xóa hoặc sửa sau lần tạo cuối "
                        "nên không đăng; hãy chạy 'hmtn build "
                        f"{ROOT / 'plans' / '2021-hung-yen'}'"]


def test_a_documents_folder_without_a_manifest_publishes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = load_plan(ROOT / "plans" / "2021-hung-yen")
    (tmp_path / "docs" / "2021-hung-yen").mkdir(parents=True)
    (tmp_path / "docs" / "2021-hung-yen" / "ke-hoach-cu.docx").write_bytes(b"PK")
    docs, warnings = find_documents(Path("docs"), plan)
    assert docs == [] and len(warnings) == 1
    assert warnings[0].startswith("docs/2021-hung-yen: không có danh sách tệp của hmtn-docs")
