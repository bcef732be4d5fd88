"""DOCX -> PDF with LibreOffice, many files per start.

Starting ``soffice`` costs about 1.8 s; converting a batch in one start costs about 0.25 s a
document. So every build converts all its documents in as few starts as possible (one per
output folder), each with a private profile so that parallel builds do not block each other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OutputError, ToolMissing, display_path

BATCH = 200  # files per soffice start; keeps the command line short
SECONDS_PER_FILE = 20


def soffice_path() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "PDF needs LibreOffice, which is not installed. On Debian/Ubuntu: "
        "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 "
        "(or build without --pdf)")


def convert_to_pdf(docx_files: list[Path]) -> list[Path]:
    """Convert ``docx_files`` to PDF next to each of them; return the PDF paths.

    Each PDF is produced in a temporary folder and moved into place only when complete, so a
    crash leaves the previous PDF as it was.
    """
    if not docx_files:
        return []
    soffice = soffice_path()
    out: list[Path] = []
    by_folder: dict[Path, list[Path]] = {}
    for f in docx_files:
        by_folder.setdefault(f.parent, []).append(f)
    for folder, files in by_folder.items():
        for start in range(0, len(files), BATCH):
            out += _convert_batch(soffice, folder, files[start:start + BATCH])
    return out


def _convert_batch(soffice: str, folder: Path, files: list[Path]) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="hmtn-pdf-", dir=folder) as tmp:
        tmp_path = Path(tmp).resolve()  # LibreOffice wants absolute paths and a file:// URI
        profile = tmp_path / "profile"
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp_path / "pdf")]
        cmd += [str(f.resolve()) for f in files]
        env = dict(os.environ, HOME=str(tmp_path))  # LibreOffice writes under HOME too
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                                  timeout=60 + SECONDS_PER_FILE * len(files))
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice did not finish converting {len(files)} file(s) in "
                              f"{display_path(folder)}; no PDF was replaced") from None
        produced = []
        missing = []
        for f in files:
            pdf = tmp_path / "pdf" / (f.stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                produced.append((pdf, f.with_suffix(".pdf")))
            else:
                missing.append(f.name)
        if missing:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no message"]
            raise OutputError(f"LibreOffice could not convert {', '.join(missing)} in "
                              f"{display_path(folder)} (exit {proc.returncode}: {detail[0]}); "
                              "no PDF was replaced")
        for src, dst in produced:
            os.replace(src, dst)
        return [dst for _, dst in produced]
