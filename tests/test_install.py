"""The wheel on its own: built from a copy of the sources, installed into a fresh virtual
environment outside the checkout, then ``hmtn init``, ``check``, ``build --pdf`` and ``site``
run there, as a committee's clerk would after ``pip install hmtn-docs``.

Slow (a wheel build, a venv, a PDF conversion), so one test. The new venv reuses the
dependencies already installed for the tests (a ``.pth`` line naming their site-packages,
which runs none of that folder's own ``.pth`` files, so no editable install leaks in): the
test stays offline apart from pip fetching setuptools for the isolated build, and fast.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# what a clean clone holds besides the sources: nothing of it belongs in the wheel
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "node_modules", "*.egg-info",
                                     "__pycache__", ".pytest_cache")


def _run(args: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    run = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, f"{args}: exit {run.returncode}\n{run.stdout}\n{run.stderr}"
    return run


@pytest.mark.install
def test_the_wheel_installed_outside_the_checkout_inits_checks_builds_and_makes_the_site(
        tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("HMTN_")}
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w",
          tmp_path / "dist"], tmp_path, env)
    wheel, = (tmp_path / "dist").glob("hmtn_docs-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    venv_python = venv / "bin" / "python"
    venv_site = Path(_run([venv_python, "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], tmp_path, env).stdout.strip())
    (venv_site / "_test_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    _run([venv_python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel],
         tmp_path, env)
    where = _run([venv_python, "-c", "import hmtn_docs; print(hmtn_docs.__file__)"],
                 tmp_path, env).stdout.strip()
    assert Path(where).is_relative_to(venv_site), where

    hmtn = venv / "bin" / "hmtn"
    _run([hmtn, "init", "work"], tmp_path, env)
    work = tmp_path / "work"
    _run([hmtn, "check"], work, env)
    pdf = shutil.which("soffice") is not None
    _run([hmtn, "build", *(["--pdf"] if pdf else [])], work, env)
    _run([hmtn, "site", "--preview"], work, env)

    documents = work / "build" / "2021-hung-yen"
    assert (documents / "2021-hung-yen-ke-hoach.docx").is_file()
    if pdf:
        assert (documents / "2021-hung-yen-ke-hoach.pdf").is_file()
    assert (work / "build" / "site" / "index.html").is_file()
    assert (work / "build" / "site" / "ke-hoach" / "2021-hung-yen" / "index.html").is_file()
