"""LibreOffice profiles kept between builds and told their version (hmtn_docs/_lo_profiles.py).

How slots are taken, skipped and dropped is tested with a fake soffice in test_pdf_batch.py;
here: the registry entry that spares each start LibreOffice's graphics render tests, and, with
the real LibreOffice, that it does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmtn_docs import _lo_profiles
from hmtn_docs._lo_profiles import prepare, product_version

ROOT = Path(__file__).resolve().parent.parent
ITEM = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
        'oor:op="fuse"><value>{}</value></prop></item>')
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/'
        'registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance">\n')
OTHER = ('<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" '
         'oor:op="fuse"><value>false</value></prop></item>\n')


def _registry(profile: Path) -> str:
    return (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")


def _write(profile: Path, text: str) -> None:
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(text, encoding="utf-8")


def test_a_new_profile_starts_with_the_version_recorded(tmp_path):
    prepare(tmp_path / "p", "7.4")
    assert _registry(tmp_path / "p") == HEAD + ITEM.format("7.4") + "\n</oor:items>\n"


def test_a_profile_libreoffice_wrote_keeps_its_settings_and_gains_the_version(tmp_path):
    _write(tmp_path, HEAD + OTHER + "</oor:items>\n")
    prepare(tmp_path, "7.4")
    assert _registry(tmp_path) == HEAD + OTHER + ITEM.format("7.4") + "\n</oor:items>\n"


def test_after_an_upgrade_the_recorded_version_is_replaced_not_repeated(tmp_path):
    _write(tmp_path, HEAD + ITEM.format("7.4") + "\n" + OTHER + "</oor:items>\n")
    prepare(tmp_path, "24.8")
    assert _registry(tmp_path) == HEAD + ITEM.format("24.8") + "\n" + OTHER + "</oor:items>\n"
    before = (tmp_path / "user" / "registrymodifications.xcu").stat().st_mtime_ns
    prepare(tmp_path, "24.8")  # already right: not written again
    assert (tmp_path / "user" / "registrymodifications.xcu").stat().st_mtime_ns == before


@pytest.mark.parametrize("text", ["not xml at all", HEAD])  # no closing tag: not ours to fix
def test_a_registry_we_do_not_understand_is_left_alone(tmp_path, text):
    _write(tmp_path, text)
    prepare(tmp_path, "7.4")
    assert _registry(tmp_path) == text


def test_without_a_home_there_is_no_cache_folder(monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(_lo_profiles.os.path, "expanduser", lambda path: path)  # no home found
    assert _lo_profiles.cache_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored, as XDG says
    assert _lo_profiles.cache_folder() is None
    monkeypatch.undo()
    monkeypatch.setenv("HOME", "/home/clerk")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert _lo_profiles.cache_folder() == Path("/home/clerk/.cache/hmtn-docs/libreoffice")


def test_no_version_known_no_change(tmp_path):
    prepare(tmp_path, None)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key, version", [("LibreOffice 7.4", "7.4"),
                                          ("LibreOffice 24.8", "24.8"),
                                          ("LibreOfficeDev 25.2", "25.2"),
                                          ("Something", None)])
def test_the_version_is_read_from_bootstraprc_beside_soffice(tmp_path, key, version):
    (tmp_path / "program").mkdir()
    (tmp_path / "program" / "bootstraprc").write_text(
        f"[Bootstrap]\nInstallMode=<installmode>\nProductKey={key}\n", encoding="utf-8")
    (tmp_path / "program" / "soffice").write_text("")
    (tmp_path / "soffice").symlink_to(tmp_path / "program" / "soffice")  # as /usr/bin/soffice
    product_version.cache_clear()
    assert product_version(str(tmp_path / "soffice")) == version
    assert product_version(str(tmp_path / "nowhere" / "soffice")) is None


def test_the_version_is_found_in_a_macos_bundle_too(tmp_path):
    macos, resources = tmp_path / "Contents" / "MacOS", tmp_path / "Contents" / "Resources"
    macos.mkdir(parents=True)
    resources.mkdir()
    (macos / "soffice").write_text("")
    (resources / "bootstraprc").write_text("[Bootstrap]\nProductKey=LibreOffice 24.8\n",
                                           encoding="utf-8")
    product_version.cache_clear()
    assert product_version(str(macos / "soffice")) == "24.8"


@pytest.mark.pdf
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is needed")
def test_libreoffice_skips_its_render_tests_with_a_kept_profile(tmp_path, monkeypatch):
    from hmtn_docs._pdf import convert_to_pdf

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    letter = tmp_path / "a.docx"
    shutil.copy(ROOT / "hmtn_docs" / "data" / "templates" / "cong-van.docx", letter)
    with convert_to_pdf([letter], jobs=1) as batch:
        assert batch.pdfs[0].stat().st_size > 0
    kept = _lo_profiles.cache_folder()
    assert kept is not None
    profile = kept / "profile-0" / "user"
    version = product_version(shutil.which("soffice"))
    assert version is not None, "the Debian/Ubuntu package has program/bootstraprc"
    assert ITEM.format(version) in _registry(profile.parent)  # kept by LibreOffice at exit
    # LibreOffice logs its render tests there when it runs them (7.2 and later)
    assert not (profile / "GraphicsRenderTests.log").exists()
