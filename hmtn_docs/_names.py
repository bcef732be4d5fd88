"""Names a build will write, checked before anything is written.

Every document's file name and every plan's folder and site address come from ids the format
restricts to ``a-z0-9-``, but two outputs can still meet: a letter with id ``ke-hoach`` is named
like the Kế hoạch, a letter ``cv-tung-don-vi`` like the combined copies of letter ``cv``; and a
plan folder's name is not checked by the format at all (``hmtn build .`` used to write
``-ke-hoach.docx``). These become plan problems, so that a plan that checks also builds.
"""

from __future__ import annotations

import re

from .errors import Problem, display_path

PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# plan folder names that are site addresses already (ke-hoach/index.md is the plans page) or
# the site's own folder inside the documents folder (build/site)
RESERVED = {"index": "trang danh sách kế hoạch của trang web (ke-hoach/index)",
            "site": "thư mục trang web trong thư mục văn bản (build/site)"}


def check_plan_id(plan) -> list[Problem]:
    pid = plan.id
    file = display_path(plan.folder / "plan.yaml")
    if not PLAN_ID.match(pid):
        return [Problem(file, 1, 1, "", f"tên thư mục kế hoạch '{pid}' không dùng được làm tên tệp và "
                                 "địa chỉ trang web: hãy đổi tên thư mục, chỉ dùng chữ thường "
                                 "không dấu, chữ số và '-' (tối đa 80 ký tự), ví dụ "
                                 "'2021-hung-yen'")]
    if pid in RESERVED:
        return [Problem(file, 1, 1, "", f"tên thư mục kế hoạch '{pid}' trùng với {RESERVED[pid]}; "
                                 "hãy đổi tên thư mục, ví dụ '2021-hung-yen'")]
    return []


def check_output_names(plan, outputs) -> list[Problem]:
    """Two documents of one plan that would be written to one file (letter case ignored,
    as Windows and macOS do)."""
    problems = []
    first: dict[str, tuple] = {}
    for out in outputs:
        names = [(out.stem, out.where)]
        if out.group is not None:
            names.append((out.group[0], out.where))
        for name, where in names:
            key = name.casefold()
            if key not in first:
                first[key] = where
            elif first[key] != where:
                other = plan.mark(first[key])
                problems.append(plan.problem(where, f"văn bản này sẽ được ghi vào tệp {name}.docx, "
                                                    "trùng với văn bản khai báo ở "
                                                    f"{other.place}; hãy đổi 'id'"))
    return problems
