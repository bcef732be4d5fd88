"""Next year's plan from this year's (``hmtn new 2022-hung-yen --from plans/2021-hung-yen``).

What a clerk did by hand, copying the folder and replacing the year, moved Saturday drives to
Sundays and carried last year's numbers along unseen. Here:

- each drive moves to the same weekday of the same ISO week of the new year (Saturday stays
  Saturday), its id's date prefix follows, and every reference to it (notices, letters,
  invitations) is renamed with it;
- every document's number is blanked and its date becomes the bare year (to fill in on
  registration); the plan is ``status: draft``;
- the Kế hoạch's opening figures (``ke_hoach.results``) are last year's results, computed;
- what a program cannot know is listed for a human: drives on a holiday, Tết or a Sunday,
  the decisions the plan is based on (``bases``), text that still names the old year.

The new plan's YAML is written plainly (PyYAML): files that need no change (units.yaml) are
copied byte for byte, comments and all; the comments of plan.yaml and drives.yaml are lost.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import results as rs
from ._calendar import holiday
from .documents import KINDS
from .errors import Problem, UserError, display_path
from .plan import PLAN_FILE, Plan
from .vi import format_day_with_weekday, format_number, format_percent, format_short_date

_NAME = re.compile(r"^(\d{4})-[a-z0-9][a-z0-9-]*$")


@dataclass
class NewPlan:
    folder: Path
    moved: dict[str, tuple[list[dt.date], list[dt.date], str]] = field(default_factory=dict)
    # (YAML path in the new plan, message): read after the new plan is loaded, for file:line:col
    notes: list[tuple[tuple, str]] = field(default_factory=list)


def same_week_day(day: dt.date, years: int) -> tuple[dt.date, bool]:
    """The same weekday of the same ISO week ``years`` later; week 53 becomes week 52 where the
    new year has none (then True).

    >>> same_week_day(dt.date(2021, 3, 20), 1)  # a Saturday
    (datetime.date(2022, 3, 19), False)
    >>> same_week_day(dt.date(2020, 12, 31), 1)  # ISO 2020-W53: 2021 has no week 53
    (datetime.date(2021, 12, 30), True)
    """
    iso = day.isocalendar()
    try:
        return dt.date.fromisocalendar(iso.year + years, iso.week, iso.weekday), False
    except ValueError:
        return dt.date.fromisocalendar(iso.year + years, 52, iso.weekday), True


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _load_raw(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def make_next_year(old: Plan, target: Path) -> NewPlan:
    """Write next year's plan (from the loaded plan ``old``) into the new folder ``target``."""
    m = _NAME.match(target.name)
    if not m:
        raise UserError(f"'{target.name}': tên kế hoạch mới phải là <năm>-<nơi>, ví dụ "
                        "2022-hung-yen")
    if target.exists():
        raise UserError(f"{display_path(target)} đã có; hãy chọn tên khác hoặc xóa thư mục này")
    year = int(m.group(1))
    years = year - old.data.plan.year
    if years <= 0:
        raise UserError(f"năm của kế hoạch mới ({year}) phải sau năm {old.data.plan.year} của "
                        f"{display_path(old.folder)}")
    new = NewPlan(target)
    main = _load_raw(old.folder / PLAN_FILE)
    includes = [i for i in main.get("include", []) if isinstance(i, str)]
    inside = {rel: _load_raw(old.folder / rel) for rel in includes
              if (old.folder / rel).resolve().parent == old.folder.resolve()}
    files = {PLAN_FILE: main, **inside}

    ids: dict[str, str] = {}
    for data in files.values():
        for drive in (data or {}).get("drives", []) or []:
            _move_drive(drive, years, ids, new)
    for data in files.values():
        if isinstance(data, dict) and "results" in data:
            data["results"] = []  # last year's results are carried into the Kế hoạch instead
    _plan_info(main, old, year, years, files)
    for data in files.values():
        _documents(data, old, years, new)
    _rename(files, ids)
    _opening_figures(main, old, new)

    target.mkdir(parents=True)
    try:
        for rel, data in files.items():
            source = old.folder / rel
            if rel != PLAN_FILE and data == _load_raw(source):
                shutil.copyfile(source, target / rel)  # unchanged: keep it as typed
            else:
                (target / rel).write_text(_dump(rel, data, old, year), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return new


def _move_drive(drive: dict, years: int, ids: dict[str, str], new: NewPlan) -> None:
    dates = drive.get("dates")
    old_dates: list = dates if isinstance(dates, list) else [dates]
    moved, week52 = [], False
    for day in old_dates:
        day2, fallback = same_week_day(day, years)
        moved.append(day2)
        week52 = week52 or fallback
    drive["dates"] = moved if isinstance(dates, list) else moved[0]
    old_id = drive["id"]
    first_old, first_new = min(old_dates).isoformat(), min(moved).isoformat()
    new_id = first_new + old_id[len(first_old):] if old_id.startswith(first_old) else old_id
    drive["id"] = new_id
    ids[old_id] = new_id
    drive.pop("revision", None)  # a new plan: nothing of it is published yet
    if drive.get("status") == "cancelled":
        drive.pop("status")
        new.notes.append((new_id, "đợt này đã hủy năm trước; hãy xem có tổ chức năm nay không"))
    if week52:
        new.notes.append((new_id, "năm mới không có tuần 53: đợt được đặt vào tuần 52"))
    new.moved[new_id] = (sorted(old_dates), sorted(moved), old_id)


def _plan_info(main: dict, old: Plan, year: int, years: int, files: dict) -> None:
    info = main["plan"]
    old_year = str(old.data.plan.year)
    info["title"] = info["title"].replace(old_year, str(year))
    info["year"] = year
    start, end = _shift(info["period"]["start"], years), _shift(info["period"]["end"], years)
    days = [d for data in files.values() for drive in (data or {}).get("drives", []) or []
            for d in (drive["dates"] if isinstance(drive["dates"], list) else [drive["dates"]])]
    if days:  # a drive moved to its weekday may land a day or two outside the shifted period
        start, end = min(start, min(days)), max(end, max(days))
    info["period"] = {"start": start, "end": end}
    info["status"] = "draft"


def _documents(data: dict, old: Plan, years: int, new: NewPlan) -> None:
    if not isinstance(data, dict):
        return
    for kind in KINDS:
        value = data.get(kind.key)
        if value is None:
            continue
        docs = value if kind.many else [value]
        for i, doc in enumerate(docs):
            base = (kind.key, i) if kind.many else (kind.key,)
            doc.pop("number", None)
            date = doc.get("date")
            doc["date"] = (_year_of(date) if date is not None else old.data.plan.year) + years
            for key in ("subject", "appendix_title"):
                if isinstance(doc.get(key), str):
                    doc[key] = doc[key].replace(str(old.data.plan.year),
                                                str(old.data.plan.year + years))
            if isinstance(doc.get("month"), str):  # a notice of a month's drives
                y, mo = doc["month"].split("-")
                doc["month"] = f"{int(y) + years}-{mo}"
            for j, basis in enumerate(doc.get("bases") or []):
                new.notes.append((base + ("bases", j, "number"),
                                  f"căn cứ {basis.get('kind', '')} số {basis.get('number', '')} "
                                  f"là của năm trước; hãy ghi số, ngày của văn bản năm nay"))
            _shift_other_dates(doc, years)


def _year_of(date) -> int:
    if isinstance(date, dt.date):
        return date.year
    if isinstance(date, int):
        return date
    return int(str(date)[:4])


def _shift_other_dates(value, years: int, key: str = "") -> Any:
    """Dates inside a document other than its bases (an event's day, a report's period)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "bases":
                continue
            if isinstance(v, dt.date):
                value[k] = same_week_day(v, years)[0] if k == "date" else _shift(v, years)
            else:
                _shift_other_dates(v, years, k)
    elif isinstance(value, list):
        for v in value:
            _shift_other_dates(v, years, key)
    return value


def _rename(value, ids: dict[str, str]) -> Any:
    """Every reference to a drive by its old id, renamed (notices, letters, invitations)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and v in ids and k != "id":
                value[k] = ids[v]
            else:
                _rename(v, ids)
    elif isinstance(value, list):
        for n, v in enumerate(value):
            if isinstance(v, str) and v in ids:
                value[n] = ids[v]
            else:
                _rename(v, ids)
    return value


def _opening_figures(main: dict, old: Plan, new: NewPlan) -> None:
    """The new Kế hoạch opens with last year's results, computed from them."""
    kh = main.get("ke_hoach")
    if not isinstance(kh, dict):
        return
    previous = kh.get("results") or {}
    if not rs.has_results(old):
        kh.pop("results", None)
        if previous:
            new.notes.append((("ke_hoach",), f"kế hoạch năm {old.data.plan.year} chưa có kết quả "
                                             "(results) nên đoạn kết quả năm trước được bỏ"))
        return
    s = rs.summarise(old)
    period = old.data.plan.period
    kh["results"] = {
        "year": old.data.plan.year,
        "start": period.start,
        "end": period.end,
        "participants": previous.get("participants")
        or f"các cơ quan, đơn vị trên địa bàn {old.data.plan.province_kind}",
        "drives": s.reported,
        "units": s.tally.units,
        "plan_units": s.quota,
        "plan_by": previous.get("plan_by") or "Ủy ban nhân dân tỉnh",
    }
    if s.not_reported:
        new.notes.append((("ke_hoach", "results", "units"),
                          f"{len(s.not_reported)} đợt hiến máu năm {old.data.plan.year} chưa có "
                          "kết quả; số liệu sẽ thiếu các đợt này"))
    if "need_met_percent" in previous:
        new.notes.append((("ke_hoach", "results"), "need_met_percent (tỷ lệ đáp ứng nhu cầu máu) "
                                                   "không tính được từ kết quả; hãy ghi lại nếu có"))


def opening_text(old: Plan) -> str:
    """``10.092 đơn vị máu, đạt 109,6% kế hoạch``: the figures the new Kế hoạch opens with."""
    s = rs.summarise(old)
    return f"{format_number(s.tally.units)} đơn vị máu, đạt {format_percent(s.percent)} kế hoạch"  # type: ignore[arg-type]  # TODO(types): None without a quota


_HEADERS = {
    PLAN_FILE: "{schema}"
               "# Bản nháp kế hoạch năm {year}, tạo bằng 'hmtn new' từ {source}.\n"
               "# Các đợt hiến máu giữ thứ trong tuần (cùng tuần ISO); số và ngày văn bản để trống.\n",
}


class _Dumper(yaml.SafeDumper):
    """Block style, as a clerk writes; a short list or mapping of plain values on one line
    (``[VT, VP BCĐ tỉnh]``, ``{name: ..., old_area: ...}``); long text never folded."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # list items indented under their key


_SHORT = 90


def _flat(value) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(isinstance(v, (str, int, float, dt.date)) and not isinstance(v, bool)
               for v in items) and len(repr(value)) < _SHORT


def _represent_list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_flat(value))


def _represent_dict(dumper, value):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(),
                                    flow_style=bool(value) and _flat(value))


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def _dump(rel: str, data, old: Plan, year: int) -> str:
    header = _HEADERS.get(rel, "{schema}# Tạo bằng 'hmtn new' từ {source}.\n")
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return header.format(year=year, source=display_path(old.folder / rel),
                         schema=_schema_line(old.folder / rel, rel)) + text


_SCHEMA_LINE = "# yaml-language-server: $schema="


def _schema_line(old_file: Path, rel: str) -> str:
    """The old file's ``$schema`` line: the new plan is made beside the old one, so the same
    path holds (relative in the repository, the installed schema after ``hmtn init``)."""
    try:
        with old_file.open(encoding="utf-8") as f:
            first = f.readline()
    except OSError:
        first = ""
    if first.startswith(_SCHEMA_LINE):
        return first if first.endswith("\n") else first + "\n"
    name = "plan.schema.json" if rel == PLAN_FILE else "include.schema.json"
    return f"{_SCHEMA_LINE}../../hmtn_docs/data/schema/{name}\n"


def report_lines(new: NewPlan, plan: Plan) -> list[Problem]:
    """What a human must look at in the new plan, each at its place: drives on a holiday, Tết or
    a Sunday (with the move), the notes made while writing it, text naming the old year."""
    out: list[Problem] = []
    index = {d.id: i for i, d in enumerate(plan.data.drives)}
    for new_id, (before, after, _old_id) in new.moved.items():
        i = index[new_id]
        for j, day in enumerate(sorted(after)):
            why = holiday(day) or ("Chủ nhật" if day.weekday() == 6 else None)
            if why:
                what = (f"{format_day_with_weekday(day)} là ngày lễ ({why})" if holiday(day)
                        else f"{format_short_date(day)} là Chủ nhật")
                out.append(plan.problem(("drives", i, "dates", j),
                                        f"{what} (năm trước: {format_day_with_weekday(before[j])})",
                                        "warning"))
    for where, message in new.notes:
        path = ("drives", index[where]) if isinstance(where, str) else where
        out.append(plan.problem(path, message, "warning"))
    old_year = str(plan.data.plan.year - 1)
    for path, text in _texts(plan):
        if re.search(rf"(?<!\d){old_year}(?!\d)", text):
            out.append(plan.problem(path, f"còn ghi năm {old_year}: '{_clip(text, old_year)}'",
                                    "warning"))
    return sorted(out)


def _texts(plan: Plan):
    from . import _placeholders as ph

    for kind in KINDS:
        for base, doc in kind.documents(plan):
            for key in kind.placeholders:
                yield from ph.texts(getattr(doc, key), base + (key,))


def _clip(text: str, word: str, width: int = 30) -> str:
    at = text.find(word)
    start, end = max(0, at - width), min(len(text), at + len(word) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def summary_line(plan: Plan, old: Plan) -> str:
    return (f"{display_path(plan.folder)}: kế hoạch nháp năm {plan.data.plan.year} từ "
            f"{display_path(old.folder)}, {len(plan.data.drives)} đợt hiến máu (giữ thứ trong "
            f"tuần), mở đầu bằng kết quả năm {old.data.plan.year}: "
            + (opening_text(old) if rs.has_results(old) else "chưa có kết quả")
            + f"; từ {format_short_date(plan.data.plan.period.start)} đến "
              f"{format_short_date(plan.data.plan.period.end)}")
