"""Rules that span fields: references, calendar, duplicates. All problems are collected.

Each ``_check_*`` function yields problems; ``check_plan`` runs them all so a clerk sees every
mistake of a plan in one pass. Warnings mark what deserves a second look but may be right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from . import _placeholders as ph, results
from ._calendar import holiday
from ._similar import similar_names
from .documents import KINDS
from .errors import Problem
from .plan import Broken, Plan, unknown_reference, valid, valid_values
from .vi import format_short_date


def check_plan(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    for check in (_check_references, _check_drive_ids, _check_dates, _check_same_day,
                  _check_allocations, _check_placeholders, _check_programme_years,
                  _check_documents, _check_names, results.checks):
        out.extend(check(plan))
    return out


def _check_references(plan: Plan) -> Iterator[Problem]:
    d = plan.data
    for uid, unit in valid_values(d.units):
        yield from unknown_reference(plan, ("units", uid, "group"), unit.group, d.groups, "groups")
    for i, drive in valid(d.drives):
        base = ("drives", i)
        yield from unknown_reference(plan, base + ("organiser",), drive.organiser, d.units, "units")
        yield from unknown_reference(plan, base + ("programme",), drive.programme, d.programmes, "programmes")
        for field in ("coordinators", "executors"):
            for j, uid in enumerate(getattr(drive, field)):
                yield from unknown_reference(plan, base + (field, j), uid, d.units, "units")
        for j, alloc in enumerate(drive.allocations):
            yield from unknown_reference(plan, base + ("allocations", j, "unit"), alloc.unit, d.units, "units")
    for kind in KINDS:  # every document has an issuer and a signer
        for base, doc in kind.documents(plan):
            yield from unknown_reference(plan, base + ("issuer",), doc.issuer, d.issuers, "issuers")
            yield from unknown_reference(plan, base + ("signer",), doc.signer, d.signers, "signers")
            if doc.co_issuer is not None:  # a joint (liên tịch) document
                yield from unknown_reference(plan, base + ("co_issuer",), doc.co_issuer, d.issuers, "issuers")
                yield from unknown_reference(plan, base + ("co_signer",), doc.co_signer, d.signers, "signers")


def _check_drive_ids(plan: Plan) -> Iterator[Problem]:
    for key in ("drives",) + tuple(k.key for k in KINDS if k.many):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(plan.data, key)):
            if item.id is None:
                continue
            if item.id in seen:
                first = plan.mark((key, seen[item.id], "id"))
                yield plan.problem((key, i, "id"), f"mã '{item.id}' bị trùng (đã dùng ở "
                                                   f"{first.place})")
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
    for i, drive in valid(plan.data.drives):
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
    for i, drive in valid(plan.data.drives):
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
    for i, drive in valid(plan.data.drives):
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

    for pid, prog in valid_values(plan.data.programmes):
        yield from scan(("programmes", pid, "heading"), prog.heading, ph.PROGRAMME_HEADING)
        if "{years}" in prog.heading and prog.founded is None:
            yield plan.problem(("programmes", pid, "heading"), "{years} cần 'founded' (năm bắt "
                                                               "đầu tính số năm kỷ niệm)")
        if "{edition}" in prog.heading and prog.first_edition is None:
            yield plan.problem(("programmes", pid, "heading"), "{edition} cần 'first_edition'")
    needs = {"years": ("founded", "năm bắt đầu tính số năm kỷ niệm"),
             "edition": ("first_edition", "năm tổ chức lần thứ nhất")}
    for kind in KINDS:
        for base, doc in kind.documents(plan):
            values = None
            for key, allowed in kind.placeholders.items():
                for path, text in ph.texts(getattr(doc, key), base + (key,)):
                    yield from scan(path, text, allowed)
                    for token, (field, why) in needs.items():
                        if f"{{{token}}}" not in text or token not in allowed:
                            continue
                        values = values if values is not None else kind.values(plan, doc)
                        if token not in values:
                            yield plan.problem(path, f"{{{token}}} cần đợt hiến máu của một "
                                                     f"chương trình có '{field}' ({why})")


def _check_programme_years(plan: Plan) -> Iterator[Problem]:
    """``{edition}`` and ``{years}`` count from ``first_edition`` and ``founded``: a drive in an
    earlier year would print a literal "lần thứ {edition}" or "-3 năm"."""
    for i, drive in valid(plan.data.drives):
        prog = plan.data.programmes.get(drive.programme) if drive.programme else None
        if prog is None or isinstance(prog, Broken):
            continue
        year = min(drive.dates).year if drive.dates else int(drive.month[:4])  # the year of its month heading (derive.month_groups)
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


def _check_documents(plan: Plan) -> Iterator[Problem]:
    for kind in KINDS:
        yield from kind.checks(plan)


def _check_names(plan: Plan) -> Iterator[Problem]:
    entries: list[tuple[tuple, str]] = [(("units", uid, "name"), unit.name) for uid, unit in valid_values(plan.data.units)]
    entries += [(("drives", i, "place"), drive.place.name) for i, drive in valid(plan.data.drives)]
    for (path_a, a), (path_b, b) in similar_names(entries):
        where = plan.mark(path_b)
        yield plan.problem(path_a, f"'{a}' có lẽ gõ nhầm từ '{b}' ({where.place});"
                                   " nếu là một thì hãy viết giống nhau", "warning")
