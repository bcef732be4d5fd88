"""Constants and helpers shared by the website tests (fixtures are in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2021-03-01"
SITE_URL = "https://hienmau.example.vn/"  # the public address the test site is built for
CHROMIUM = Path("/usr/bin/chromium")
# installed by scripts/setup.sh from tests/site/js/package-lock.json
AXE = ROOT / "tests/site/js/node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

HOSTILE_PLAN = "2021-thu-nghiem"
HOSTILE_DRIVE = "2021-07-14-so-y-te"
HOSTILE_PLACE = ("<script>window.__hmtn_xss = 1</script> Nhà <b>văn</b> hóa **đậm** "
                 "{{ config.site_name }} {% if true %}x{% endif %} & [liên kết](http://x)")
HOSTILE_ADDRESS = '<img src=x onerror="window.__hmtn_xss = 2"> Số 1 "đường" \'A\''
CANCELLED_DRIVE = "2021-03-09-an-thi"
REGISTRATION = "https://example.vn/dang-ky?dot=1&x=\"><b>"
STAFF_DRIVE = HOSTILE_DRIVE  # open to the organiser's staff only


def write_hostile_plan(folder: Path) -> None:
    """The minimal plan with hostile text in a place (a drive open to staff only) and one drive
    cancelled after a change."""
    data = yaml.safe_load((ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8"))
    for drive in data["drives"]:
        if drive["id"] == HOSTILE_DRIVE:
            drive["place"] = {"name": HOSTILE_PLACE, "address": HOSTILE_ADDRESS,
                              "commune": "Phường <i>Một</i>"}
            drive["note"] = "Ghi chú có </script><script>window.__hmtn_xss = 3</script>"
            drive["open_to"] = "staff"
            drive["registration"] = REGISTRATION
        if drive["id"] == CANCELLED_DRIVE:
            drive["status"] = "cancelled"
            drive["revision"] = 2
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")


def site_env(plans: Path, docs: Path) -> dict[str, str]:
    return dict(os.environ, HMTN_PLANS=str(plans), HMTN_DOCS=str(docs), HMTN_TODAY=TODAY,
                HMTN_SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1")


def run_build(args: list[str], plans: Path, docs: Path,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT,
                          env={**site_env(plans, docs), **(env or {})},
                          capture_output=True, text=True, timeout=600)
