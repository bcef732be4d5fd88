"""Is Times New Roman installed? The documents ask for it (ND30); LibreOffice substitutes
Liberation Serif where it is missing: the same metrics (lines and pages break alike), but the
PDF then embeds a font of another name, which some offices check."""

from __future__ import annotations

import shutil
import subprocess

FONT = "Times New Roman"
MISSING_NOTE = (
    "lưu ý: máy này không có phông Times New Roman; các bản PDF dùng Liberation Serif (cùng cỡ "
    "chữ, ngắt dòng và ngắt trang như nhau, nhưng tên phông khác). Cách cài phông: xem README, "
    "mục 'Times New Roman'.")


def installed(font: str = FONT) -> bool:
    """``font`` is what fontconfig gives for its name (not a substitute). Without fontconfig
    (no ``fc-match``) nothing can be said, and nothing is reported."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return True
    try:
        found = subprocess.run([fc_match, "-f", "%{family}", font], capture_output=True,
                               text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return font.lower() in found.lower()
