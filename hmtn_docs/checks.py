"""Rules that span fields: references, calendar, duplicates. All problems are collected.

Each ``_check_*`` function yields problems; ``check_plan`` runs them all so a clerk sees every
mistake of a plan in one pass. Warnings mark what deserves a second look but may be right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from . import _placeholders as ph
from ._calendar import holiday
from ._similar import similar_names
from .errors import Problem
from .load import Broken, Plan, did_you_mean, did_you_mean_hint
from .model import MAX_PERCENT_OF_PLAN, MAX_PERSONAL_COPIES
from .vi import format_number, format_short_date


def check_plan(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    for check in (_check_references, _check_drive_ids, _check_dates, _check_same_day,
                  _check_allocations, _check_placeholders, _check_programme_years,
                  _check_documents, _check_results, _check_personal_copies, _check_names):
        out.extend(check(plan))
    return out


def _valid(items):
    """(index, item) of the items that validated; a plan with errors has ``Broken`` ones too."""
    return [(i, x) for i, x in enumerate(items) if not isinstance(x, Broken)]


def _valid_values(registry: dict):
    return [(k, v) for k, v in registry.items() if not isinstance(v, Broken)]


# what each list holds, in the clerk's words: "đơn vị 'x' không có trong danh sách units"
_WHAT = {"units": "đơn vị", "groups": "nhóm", "programmes": "chương trình", "issuers":
         "cơ quan ban hành", "signers": "người ký", "drives": "đợt hiến máu"}


def _ref(plan: Plan, path: tuple, value: str | None, table, key: str) -> Iterator[Problem]:
    if value is not None and value not in table:
        hint = did_you_mean_hint(did_you_mean(value, table))
        yield plan.problem(path, f"{_WHAT[key]} '{value}' không có trong danh sách {key}{hint}")


def _check_references(plan: Plan) -> Iterator[Problem]:
    d = plan.data
    for uid, unit in _valid_values(d.units):
        yield from _ref(plan, ("units", uid, "group"), unit.group, d.groups, "groups")
    for i, drive in _valid(d.drives):
        base = ("drives", i)
        yield from _ref(plan, base + ("organiser",), drive.organiser, d.units, "units")
        yield from _ref(plan, base + ("programme",), drive.programme, d.programmes, "programmes")
        for field in ("coordinators", "executors"):
            for j, uid in enumerate(getattr(drive, field)):
                yield from _ref(plan, base + (field, j), uid, d.units, "units")
        for j, alloc in enumerate(drive.allocations):
            yield from _ref(plan, base + ("allocations", j, "unit"), alloc.unit, d.units, "units")
    docs = [(("ke_hoach",), d.ke_hoach)] if d.ke_hoach else []
    docs += [(("letters", i), letter) for i, letter in _valid(d.letters)]
    drive_ids = {drive.id for drive in d.drives if drive.id}
    for base, doc in docs:
        yield from _ref(plan, base + ("issuer",), doc.issuer, d.issuers, "issuers")
        yield from _ref(plan, base + ("signer",), doc.signer, d.signers, "signers")
        if getattr(doc, "drive", None):
            yield from _ref(plan, base + ("drive",), doc.drive, drive_ids, "drives")


def _check_drive_ids(plan: Plan) -> Iterator[Problem]:
    for key in ("drives", "letters"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(plan.data, key)):
            if item.id is None:
                continue
            if item.id in seen:
                first = plan.mark((key, seen[item.id], "id"))
                yield plan.problem((key, i, "id"), f"mã '{item.id}' bị trùng (đã dùng ở "
                                                   f"{first.file}:{first.line})")
            else:
                seen[item.id] = i


def _check_dates(plan: Plan) -> Iterator[Problem]:
    if plan.data.plan is None:  # its own errors are reported; no period to check against
        return
    period = plan.data.plan.period
    span = f"{format_short_date(period.start)} - {format_short_date(period.end)}"
    year = plan.data.plan.year
    if not period.start.year <= year <= period.end.year:
        # then every date of a plan lies within two years of its year: editions, anniversaries
        # and the site's month pages stay bounded
        yield plan.problem(("plan", "period"), f"kỳ kế hoạch ({span}) phải có ngày thuộc năm "
                                               f"{year} của kế hoạch (year)")
    for i, drive in _valid(plan.data.drives):
        seen = set()
        for j, day in enumerate(drive.dates):
            path = ("drives", i, "dates", j)
            if not period.start <= day <= period.end:
                yield plan.problem(path, f"{format_short_date(day)} nằm ngoài khoảng thời gian "
                                         f"của kế hoạch ({span})")
            if day in seen:
                yield plan.problem(path, f"{format_short_date(day)} được ghi hai lần")
            seen.add(day)
            if (name := holiday(day)) and drive.status == "planned":
                yield plan.problem(path, f"{format_short_date(day)} là ngày lễ ({name})",
                                   "warning")


def _check_same_day(plan: Plan) -> Iterator[Problem]:
    by_organiser: dict[tuple, list[int]] = defaultdict(list)
    by_place: dict[tuple, list[int]] = defaultdict(list)
    for i, drive in _valid(plan.data.drives):
        if drive.status == "cancelled":
            continue
        for day in dict.fromkeys(drive.dates):  # a day listed twice is reported by _check_dates
            by_organiser[(drive.organiser, day)].append(i)
            by_place[(_fold(drive.place.name), day)].append(i)
    for (organiser, day), idx in by_organiser.items():
        for i in idx[1:]:
            first = plan.data.drives[idx[0]].id
            yield plan.problem(("drives", i, "organiser"),
                               f"'{organiser}' đã tổ chức đợt hiến máu '{first}' vào ngày "
                               f"{format_short_date(day)}")
    for (_, day), idx in by_place.items():
        for i in idx[1:]:
            first = plan.data.drives[idx[0]].id
            yield plan.problem(("drives", i, "place"),
                               f"đợt hiến máu '{first}' cũng ở địa điểm này vào ngày "
                               f"{format_short_date(day)}", "warning")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _check_allocations(plan: Plan) -> Iterator[Problem]:
    for i, drive in _valid(plan.data.drives):
        seen: dict[str, int] = {}
        for j, alloc in enumerate(drive.allocations):
            if alloc.unit in seen:
                yield plan.problem(("drives", i, "allocations", j, "unit"),
                                   f"đơn vị '{alloc.unit}' được giao chỉ tiêu hai lần (đã có ở "
                                   f"allocations[{seen[alloc.unit]}])")
            seen.setdefault(alloc.unit, j)


def _check_placeholders(plan: Plan) -> Iterator[Problem]:
    def scan(path: tuple, text: str | None, allowed: tuple[str, ...]) -> Iterator[Problem]:
        for token in ph.unknown_tokens(text or "", allowed):
            yield plan.problem(path, f"biến lạ '{{{token}}}'; trường này chỉ có "
                                     + ", ".join(f"{{{a}}}" for a in allowed))

    for pid, prog in _valid_values(plan.data.programmes):
        yield from scan(("programmes", pid, "heading"), prog.heading, ph.PROGRAMME_HEADING)
        if "{years}" in prog.heading and prog.founded is None:
            yield plan.problem(("programmes", pid, "heading"), "{years} cần 'founded' (năm bắt "
                                                               "đầu tính số năm kỷ niệm)")
        if "{edition}" in prog.heading and prog.first_edition is None:
            yield plan.problem(("programmes", pid, "heading"), "{edition} cần 'first_edition'")
    for i, letter in _valid(plan.data.letters):
        base = ("letters", i)
        texts = [(base + ("paragraphs", j), t) for j, t in enumerate(letter.paragraphs)]
        texts += [(base + ("requests", j), t) for j, t in enumerate(letter.requests)]
        for path, text in texts:
            yield from scan(path, text, ph.LETTER_TEXT)
            if "{drive." in text and not letter.drive:
                yield plan.problem(path, "văn bản này dùng {drive...} nhưng công văn không ghi "
                                         "'drive'")
        yield from scan(base + ("personal",), letter.personal, ph.LETTER_PERSONAL)


def _check_programme_years(plan: Plan) -> Iterator[Problem]:
    """``{edition}`` and ``{years}`` count from ``first_edition`` and ``founded``: a drive in an
    earlier year would print a literal "lần thứ {edition}" or "-3 năm"."""
    for i, drive in _valid(plan.data.drives):
        prog = plan.data.programmes.get(drive.programme) if drive.programme else None
        if prog is None or isinstance(prog, Broken):
            continue
        year = min(drive.dates).year  # the year of its month heading (derive.month_groups)
        path = ("drives", i, "programme")
        if "{edition}" in prog.heading and prog.first_edition is not None \
                and year < prog.first_edition:
            yield plan.problem(path, f"đợt hiến máu năm {year} phải từ năm tổ chức lần thứ nhất "
                                     f"({prog.first_edition}, first_edition) của chương trình "
                                     f"'{drive.programme}' trở đi để tính {{edition}}")
        if "{years}" in prog.heading and prog.founded is not None and year <= prog.founded:
            yield plan.problem(path, f"đợt hiến máu năm {year} phải sau năm thành lập "
                                     f"({prog.founded}, founded) của chương trình "
                                     f"'{drive.programme}' để tính {{years}}")


def _check_results(plan: Plan) -> Iterator[Problem]:
    kh = plan.data.ke_hoach
    r = kh.results if kh is not None else None
    if r is None or not r.plan_units:
        return
    if r.units * 100 > r.plan_units * MAX_PERCENT_OF_PLAN:
        yield plan.problem(("ke_hoach", "results", "units"),
                           f"{format_number(r.units)} đơn vị máu là hơn "
                           f"{format_number(MAX_PERCENT_OF_PLAN)}% "
                           f"của kế hoạch {format_number(r.plan_units)} (plan_units); hãy kiểm "
                           "tra lại hai số này")


def _check_personal_copies(plan: Plan) -> Iterator[Problem]:
    """Each unit of a letter's drive gets its own copy: bound the documents of a plan."""
    drives = {d.id: d for _, d in _valid(plan.data.drives)}
    total = 0
    for i, letter in _valid(plan.data.letters):
        drive = drives.get(letter.drive or "")
        if not letter.personal or drive is None:
            continue
        total += len(drive.allocations)
        if total > MAX_PERSONAL_COPIES:
            yield plan.problem(("letters", i, "personal"),
                               f"các công văn gửi từng đơn vị đã lên {format_number(total)} bản; "
                               f"tối đa {format_number(MAX_PERSONAL_COPIES)} bản cho một kế hoạch")
            return


def _check_documents(plan: Plan) -> Iterator[Problem]:
    d = plan.data
    if d.ke_hoach:
        drives = _valid(d.drives)
        for uid in sorted({drive.organiser for _, drive in drives}):
            unit = d.units.get(uid)
            if unit is not None and not isinstance(unit, Broken) and unit.group is None:
                i = next(i for i, dr in drives if dr.organiser == uid)
                yield plan.problem(("drives", i, "organiser"),
                                   f"đơn vị tổ chức '{uid}' không có 'group' nên không thể "
                                   "đưa vào phụ lục chỉ tiêu của Kế hoạch")
        if not any(item.drives for s in d.ke_hoach.sections for item in s.items):
            yield plan.problem(("ke_hoach", "sections"), "không mục nào có 'drives: true' nên "
                                                         "Kế hoạch sẽ không có các đợt hiến máu",
                               "warning")
    drives = {drive.id: drive for drive in d.drives}
    for i, letter in _valid(d.letters):
        drive = drives.get(letter.drive or "")
        if isinstance(drive, Broken):
            continue
        if (letter.personal or letter.appendix_title) and (drive is None or not drive.allocations):
            key = "personal" if letter.personal else "appendix_title"
            yield plan.problem(("letters", i, key), "cần một 'drive' có 'allocations' (các đơn "
                                                    "vị, chỉ tiêu và khung giờ)")


def _check_names(plan: Plan) -> Iterator[Problem]:
    entries = [(("units", uid, "name"), unit.name) for uid, unit in _valid_values(plan.data.units)]
    entries += [(("drives", i, "place"), drive.place.name) for i, drive in _valid(plan.data.drives)]
    for (path_a, a), (path_b, b) in similar_names(entries):
        where = plan.mark(path_b)
        yield plan.problem(path_a, f"'{a}' có lẽ gõ nhầm từ '{b}' ({where.file}:{where.line});"
                                   " nếu là một thì hãy viết giống nhau", "warning")
