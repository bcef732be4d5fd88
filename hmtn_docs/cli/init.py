"""``hmtn init DIR``: a new working folder, ready for ``hmtn check``, ``build`` and ``site``.

It holds ``plans/`` with one example plan (Hưng Yên 2021) to edit or copy, and the default
website (``mkdocs.yml`` and ``site/``) to restyle; all copied from the package. The example's
``$schema`` lines point at the installed package's JSON Schemas, so an editor autocompletes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .._data import EXAMPLE_PLAN, SCHEMAS, SITE_CONFIG, SITE_SOURCES
from ..errors import UserError, display_path

SCHEMA_LINE = "# yaml-language-server: $schema="


def init(args) -> int:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UserError(f"{display_path(folder)}: thư mục đã có tệp; hãy chọn một thư mục mới "
                        "hoặc thư mục trống để hmtn init không ghi đè lên chúng")
    folder.mkdir(parents=True, exist_ok=True)
    plans = folder / "plans"
    for example in sorted(p for p in EXAMPLE_PLAN.iterdir() if p.is_dir()):
        shutil.copytree(example, plans / example.name)
        for plan_file in (plans / example.name).glob("*.yaml"):
            _point_schema_at_package(plan_file)
    shutil.copy2(SITE_CONFIG, folder / SITE_CONFIG.name)
    shutil.copytree(SITE_SOURCES, folder / SITE_SOURCES.name)
    names = ", ".join(p.name for p in sorted(plans.iterdir()))
    where = display_path(folder)
    print(f"{where}: đã tạo thư mục làm việc (plans/{names}, mkdocs.yml, site/); tiếp theo: "
          f"cd {where} && hmtn check && hmtn build && hmtn site --preview")
    return 0


def _point_schema_at_package(plan_file: Path) -> None:
    text = plan_file.read_text(encoding="utf-8")
    if text.startswith(SCHEMA_LINE):
        first, rest = text.split("\n", 1)
        schema = SCHEMAS / Path(first.removeprefix(SCHEMA_LINE)).name
        plan_file.write_text(f"{SCHEMA_LINE}{schema.as_uri()}\n{rest}", encoding="utf-8")
