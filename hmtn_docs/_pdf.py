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
        "cần LibreOffice để tạo PDF nhưng máy chưa cài. Trên Debian/Ubuntu: "
        "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 "
        "(hoặc chạy build không có --pdf)")


def convert_to_pdf(docx_files: list[Path]) -> list[Path]:
    """Convert ``docx_files`` to PDF next to each of them; return the PDF paths.

    All files go through one LibreOffice start (in batches of ``BATCH``), whatever folders they
    are in. Each PDF is produced in a temporary folder and moved into place only when every
    file of the batch converted, so a crash leaves the previous PDFs as they were.
    """
    if not docx_files:
        return []
    soffice = soffice_path()
    out: list[Path] = []
    for start in range(0, len(docx_files), BATCH):
        out += _convert_batch(soffice, docx_files[start:start + BATCH])
    return out


def _convert_batch(soffice: str, files: list[Path]) -> list[Path]:
    # staged under numbered names: letters in different folders may share a file name
    home = files[0].parent
    with tempfile.TemporaryDirectory(prefix="hmtn-pdf-", dir=home) as tmp:
        tmp_path = Path(tmp).resolve()  # LibreOffice wants absolute paths and a file:// URI
        profile = tmp_path / "profile"
        staged = []
        for i, f in enumerate(files):
            copy = tmp_path / "in" / f"{i:04d}.docx"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(f, copy)
            staged.append(copy)
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp_path / "pdf")]
        cmd += [str(f) for f in staged]
        env = dict(os.environ, HOME=str(tmp_path))  # LibreOffice writes under HOME too
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                                  timeout=60 + SECONDS_PER_FILE * len(files))
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice chưa chuyển xong {len(files)} tệp trong "
                              f"{display_path(home)}; chưa thay PDF nào") from None
        produced = []
        missing = []
        for f, copy in zip(files, staged):
            pdf = tmp_path / "pdf" / (copy.stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                produced.append((pdf, f.with_suffix(".pdf")))
            else:
                missing.append(f.name)
        if missing:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["không có thông báo"]
            raise OutputError(f"LibreOffice không chuyển được {', '.join(missing)} trong "
                              f"{display_path(home)} (mã thoát {proc.returncode}: {detail[0]}); "
                              "chưa thay PDF nào")
        for src, dst in produced:
            os.replace(src, dst)  # same file system: the temporary folder sits in the output
        return [dst for _, dst in produced]
