"""The plan format, declared once: what every plan has (registries, drives) and the parts
documents share (``Document``, prose ``Section``s). Each document kind declares its own model in
its module under ``hmtn_docs/documents/``.

Every model forbids unknown keys so that a typo is an error, not a silently ignored field.
Field descriptions are in Vietnamese: they become the JSON Schema that editors show to the clerk
while typing (``hmtn_docs/data/schema/plan.schema.json``). Cross-references (unit ids, programme ids...) and
calendar rules are checked afterwards in ``checks.py``, where all problems are collected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .quota import Amount, parse_quota
from .vi import format_short_date

# --------------------------------------------------------------------------- limits
# Far above any real plan (a province: ~50 drives, ~40 units; a big city: 3,000 units) and low
# enough that a plan which passes the check builds in bounded time and pages: a typo such as an
# extra zero is refused with its place instead of writing thousands of pages. Documented in
# docs/plan-format.md ("Limits"); raise one there and here together.
MAX_INCLUDES = 20
MAX_DRIVES = 5_000
MAX_UNITS = 30_000
MAX_ALLOCATIONS = 3_000  # per drive: each allocation is one personal letter
MAX_LETTERS = 200
MAX_PERSONAL_COPIES = 5_000  # personal letters of a whole plan (checks.py)
MAX_GROUPS = 200  # appendix groups are numbered I, II, III...
MAX_PROGRAMMES = 500
MAX_REGISTRY = 1_000  # issuers, signers
MAX_DATES = 366  # days of one drive
MAX_UNITS_PER_DRIVE = 200  # coordinators, executors
MAX_SECTIONS = 50
MAX_ITEMS = 100
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"  # points are lettered a) to y) (ND30, Vietnamese order)
MAX_POINTS = len(POINT_LETTERS)
MAX_PARAGRAPHS = 200  # paragraphs, bullets, requests, bases, to, recipients of one part
MAX_LINES = 20  # header and parent lines, archive, a unit's old names
MAX_PERIOD_YEARS = 2
MAX_REVISION = 2**31 - 1  # iCalendar SEQUENCE is a 32-bit integer (RFC 5545, 3.8.7.4)
MAX_RESULT_UNITS = 100_000_000  # units of blood collected in a year (a whole country: ~1.8M)
MAX_RESULT_DRIVES = 1_000_000
MAX_PERCENT_OF_PLAN = 1_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80),
    Field(description="Mã định danh: chữ thường không dấu, số và dấu gạch ngang, ví dụ `bcd-khoai-chau`."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]

# What ends a line somewhere: in a document, a calendar feed's header (X-WR-CALNAME), a file
# name. Control characters other than tab and newline are refused while reading the YAML.
_LINE_BREAKS = {"\n": "dấu xuống dòng", "\r": "dấu xuống dòng", "\x85": "dấu xuống dòng",
                "\u2028": "dấu ngắt dòng (U+2028)", "\u2029": "dấu ngắt đoạn (U+2029)",
                "\t": "ký tự tab"}


def _one_line(value: str) -> str:
    for ch, name in _LINE_BREAKS.items():
        if ch in value:
            raise ValueError(f"phải viết trên một dòng, không được có {name} (văn bản sau '|' "
                             "và \\n trong dấu nháy kép giữ dấu xuống dòng)")
    return value


Line = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_one_line)]


def _one_or_many(value):
    return [value] if not isinstance(value, list) else value


def _strict_int(value):
    # YAML gives True/False for yes/no; 1.0 is not a count. Refuse both instead of coercing.
    if isinstance(value, bool):  # shown as typed in YAML (yes/no read as true/false)
        raise ValueError(f"phải là số nguyên, không phải {str(value).lower()}")
    if isinstance(value, float):
        raise ValueError(f"phải là số nguyên, không phải {value!r}")
    return value


Count = Annotated[int, BeforeValidator(_strict_int)]
# the bounds before the validator, so that the JSON Schema keeps exclusiveMinimum/maximum
Quota = Annotated[int, Field(gt=0, le=1_000_000, description="Chỉ tiêu (đơn vị máu), số nguyên dương."),
                  BeforeValidator(_strict_int)]


# --------------------------------------------------------------------------- time of day
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[h:gG]|giờ)\s*(\d{2})?\s*(?:phút)?\s*$")  # "7h30", "7 giờ 30 phút"


class TimeOfDay(Strict):
    hour: int = Field(ge=0, le=23)
    minute: int = Field(ge=0, le=59)

    @classmethod
    def parse(cls, text: str) -> TimeOfDay:
        m = _TIME.match(text)
        if not m:
            raise ValueError(f"'{text}' không phải giờ hợp lệ; hãy viết như \"7h30\"")
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"'{text}' không phải giờ hợp lệ: giờ từ 0 đến 23, phút từ 00 "
                             "đến 59")
        return cls(hour=hour, minute=minute)


def _time_window(value):
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 7:30 as the number 450 (minutes)
        raise ValueError('giờ như 7:30 không có dấu nháy sẽ bị đọc thành một số; hãy đặt khung '
                         'giờ trong dấu nháy, ví dụ "7h30 - 11h30"')
    if isinstance(value, str):
        parts = re.split(r"\s*(?:-|–|đến)\s*", value.strip().removeprefix("Từ").strip())
        if len(parts) == 1 and _TIME.match(parts[0]):  # a start time only: "7h30"
            return {"start": TimeOfDay.parse(parts[0]), "end": None}
        if len(parts) != 2:
            raise ValueError(f"'{value}' không phải khung giờ hợp lệ; hãy viết như \"7h30 - 11h30\"")
        return {"start": TimeOfDay.parse(parts[0]), "end": TimeOfDay.parse(parts[1])}
    return value


class TimeWindow(Strict):
    start: TimeOfDay
    end: TimeOfDay | None = None  # a start time only ("7 giờ 30 phút")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end is not None and (self.end.hour, self.end.minute) <= (self.start.hour, self.start.minute):
            raise ValueError("giờ kết thúc phải sau giờ bắt đầu")
        return self


Window = Annotated[
    TimeWindow,
    BeforeValidator(_time_window, json_schema_input_type=str),
    Field(description='Khung giờ, ví dụ "7h30 - 11h30", hoặc chỉ giờ bắt đầu "7h30".'),
]


# --------------------------------------------------------------------------- dates
class PartialDate(Strict):
    """An issue date whose day (and month) may be left blank until registration."""

    year: int = Field(ge=1945, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _real(self):
        if self.day is not None:
            if self.month is None:
                raise ValueError("không thể ghi ngày mà không có tháng")
            dt.date(self.year, self.month, self.day)  # raises ValueError for 30/02
        return self

    @property
    def full(self) -> dt.date | None:
        if self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None


def _issue_date(value):
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return {"year": value.year, "month": value.month, "day": value.day}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"year": value}
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value.strip())
        if m:
            return {"year": int(m.group(1)), "month": int(m.group(2)) if m.group(2) else None}
    if not isinstance(value, dict) and value is not None:
        raise ValueError(f"phải là ngày viết dạng 2021-01-10 (hoặc 2021-01, hoặc 2021 để trống "
                         f"ngày), không phải {value!r}")
    return value


IssueDate = Annotated[
    PartialDate,
    BeforeValidator(_issue_date, json_schema_input_type=dt.date | str | int | PartialDate),
    Field(description="Ngày ban hành: `2021-01-10`; hoặc `2022-11` / `2022` để trống ngày "
                      "(điền tay khi vào sổ)."),
]


class Period(Strict):
    start: dt.date = Field(description="Ngày bắt đầu của kỳ kế hoạch (có thể trước 1/1).")
    end: dt.date = Field(description="Ngày kết thúc của kỳ kế hoạch.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("ngày kết thúc (end) trước ngày bắt đầu (start)")
        if self.end >= _years_later(self.start, MAX_PERIOD_YEARS):
            # the site has a page per month from the first drive to the last; two drives
            # centuries apart once wrote 23,753 pages
            raise ValueError(f"kỳ kế hoạch dài quá {MAX_PERIOD_YEARS} năm (từ "
                             f"{format_short_date(self.start)} đến {format_short_date(self.end)}); "
                             "hãy chia thành nhiều kế hoạch")
        return self


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February).

    >>> _years_later(dt.date(2020, 2, 29), 2)
    datetime.date(2022, 2, 28)
    """
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    return day.replace(year=day.year + years)


# --------------------------------------------------------------------------- registries
# What a plan covers: a province or city, a district or commune (before and after the 2025
# reorganisation), or (with no area) one organisation or school. Used in sentences such as
# "trên địa bàn huyện".
AREA_KINDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "đặc khu")


class PlanInfo(Strict):
    title: Line = Field(description="Tên kế hoạch hiển thị trên trang web.")
    year: int = Field(ge=1990, le=2100, description="Năm của kế hoạch (năm đầu của năm học).")
    province: Line | None = Field(
        default=None, description="Địa bàn: tỉnh/thành phố, huyện, xã... ví dụ `Hưng Yên`, "
                                  "`Khoái Châu`. Bỏ trống khi kế hoạch của một cơ quan, trường học.")
    province_kind: Literal[AREA_KINDS] = Field(  # type: ignore[valid-type]  # pydantic reads the tuple's values
        default="tỉnh", description="Loại địa bàn: `tỉnh`, `thành phố` (trực thuộc trung ương hoặc "
                                    "thuộc tỉnh), `huyện`, `quận`, `thị xã` (trước 7/2025), `xã`, "
                                    "`phường`, `đặc khu` (sau 7/2025). Dùng trong câu: trên địa "
                                    "bàn huyện.")
    committee: Line | None = Field(
        default=None, description="Tên Ban Chỉ đạo (nếu có), ví dụ `Ban Chỉ đạo vận động hiến máu "
                                  "tình nguyện tỉnh Hưng Yên`.")
    school_year: Annotated[str, StringConstraints(pattern=r"^\d{4}\s*[–-]\s*\d{4}$")] | None = Field(
        default=None, description="Năm học, nếu kế hoạch theo năm học: `2019–2020`.")
    period: Period
    status: Literal["draft", "approved"] = Field(
        default="approved", description="`draft` (bản nháp: kiểm tra và tạo văn bản được, nhưng "
                                        "trang web công khai bỏ qua trừ khi `hmtn site --drafts`) "
                                        "hoặc `approved` (mặc định).")


class Issuer(Strict):
    name: Line = Field(description="Tên đầy đủ của cơ quan ban hành, ví dụ `Ủy ban nhân dân tỉnh "
                                   "Hưng Yên`.")
    header: list[Line] | None = Field(
        default=None, max_length=MAX_LINES, description="Tên cơ quan ban hành chia dòng như trên văn bản (chữ in hoa được "
                                  "tạo tự động). Mặc định: một dòng.")
    parent: list[Line] | None = Field(default=None, max_length=MAX_LINES, description="Tên cơ quan chủ quản (nếu có), "
                                                               "từng dòng.")
    abbreviation: Line = Field(description="Chữ viết tắt tên cơ quan trong số ký hiệu, ví dụ `UBND`.")
    collective: Line | None = Field(default=None, description="Tên tập thể sau `TM.`, ví dụ "
                                                              "`Ủy ban nhân dân`.")
    place: Line = Field(description="Địa danh ghi trên văn bản, ví dụ `Hưng Yên`.")
    style: Literal["nd30", "party"] = Field(
        default="nd30", description="Thể thức: `nd30` (Nghị định 30: Quốc hiệu, Tiêu ngữ, `Số: "
                                    "10/KH-UBND`) hoặc `party` (văn bản của Đảng, Đoàn, Hội Sinh "
                                    "viên: tiêu đề tổ chức, `***`, `Số 27-CV/HSV`); xem "
                                    "docs/layout-party.md.")
    heading: list[Line] | None = Field(
        default=None, max_length=MAX_LINES,
        description="Với `style: party`: tiêu đề góc phải, ví dụ `Đoàn TNCS Hồ Chí Minh`, `Hội "
                    "Sinh viên Việt Nam`, `Đảng Cộng sản Việt Nam` (in hoa tự động).")

    @model_validator(mode="after")
    def _style(self):
        if self.style == "party" and not self.heading:
            raise ValueError("văn bản thể thức party cần heading (tiêu đề góc phải, ví dụ "
                             "heading: [Đoàn TNCS Hồ Chí Minh])")
        if self.style == "nd30" and self.heading:
            raise ValueError("heading chỉ dùng với style: party (thể thức ND30 in Quốc hiệu và "
                             "Tiêu ngữ)")
        return self


class Signer(Strict):
    name: Line = Field(description="Họ và tên người ký.")
    title: Line | None = Field(default=None, description="Chức vụ, ví dụ `Phó Chủ tịch`; có thể bỏ "
                                                       "khi ký thay mặt tập thể (TM.) mà không ghi "
                                                       "chức vụ.")
    authority: Literal["KT", "Q", "TL", "TUQ"] | None = Field(
        default=None, description="Thẩm quyền ký: KT. (ký thay), Q. (quyền), TL. (thừa lệnh), "
                                  "TUQ. (thừa ủy quyền).")
    head_title: Line | None = Field(default=None, description="Chức vụ người đứng đầu sau KT./TL./"
                                                              "TUQ., ví dụ `Chủ tịch`.")
    on_behalf_of_collective: bool = Field(
        default=False, description="Ký thay mặt tập thể (dòng `TM.` với tên tập thể của cơ quan).")

    @model_validator(mode="after")
    def _authority(self):
        if self.authority in ("KT", "TL", "TUQ") and not self.head_title:
            raise ValueError(f"'{self.authority}.' cần head_title (chức vụ người đứng đầu, ví "
                             "dụ 'Chủ tịch')")
        if self.authority in (None, "Q") and self.head_title:
            raise ValueError("head_title chỉ dùng với authority KT, TL hoặc TUQ")
        if not self.title and (self.authority or not self.on_behalf_of_collective):
            raise ValueError("cần title (chức vụ người ký, ví dụ 'Chủ tịch'); chỉ được bỏ khi ký "
                             "thay mặt tập thể (on_behalf_of_collective: true) không có authority")
        return self


class Unit(Strict):
    name: Line = Field(description="Tên đầy đủ của đơn vị.")
    short: Line | None = Field(default=None, description="Tên ngắn dùng trong danh sách và bảng.")
    group: Id | None = Field(default=None, description="Nhóm trong phụ lục chỉ tiêu (mã trong "
                                                       "`groups`).")
    old_names: list[Line] = Field(default_factory=list, max_length=MAX_LINES, description="Tên cũ (trước sáp nhập 2025) "
                                                                    "để tìm kiếm.")


class Group(Strict):
    title: Line = Field(description="Tiêu đề nhóm trong phụ lục, ví dụ `Các trường Đại học`.")


class Programme(Strict):
    name: Line = Field(description="Tên chương trình, ví dụ `Lễ hội Xuân hồng`.")
    heading: Line = Field(
        description="Phần tiêu đề tháng sau `Tháng 3/2021`, ví dụ `hưởng ứng “Lễ hội Xuân hồng”`. "
                    "Có thể dùng `{years}` (số năm tính từ `founded`), `{edition}` (lần thứ, số La "
                    "Mã, tính từ `first_edition`), `{year}`.")
    founded: int | None = Field(default=None, ge=1800, le=2100,
                                description="Năm thành lập/sự kiện gốc để tính số năm kỷ niệm.")
    first_edition: int | None = Field(default=None, ge=1990, le=2100,
                                      description="Năm tổ chức lần thứ nhất.")
    description: Text | None = Field(default=None, description="Giới thiệu cho trang web.")


def _no_bool(value):
    # YAML reads yes/no as true/false, which pydantic would take as 1.0/0.0
    if isinstance(value, bool):
        raise ValueError(f"phải là số, không phải {str(value).lower()}")
    return value


class Coordinates(Strict):
    lat: Annotated[float, Field(ge=-90, le=90, description="Vĩ độ (độ thập phân), ví dụ `20.8593`."),
                   BeforeValidator(_no_bool)]
    lon: Annotated[float, Field(ge=-180, le=180, description="Kinh độ (độ thập phân), ví dụ "
                                                             "`105.9877`."),
                   BeforeValidator(_no_bool)]


Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500),
                Field(description="Địa chỉ web, bắt đầu bằng `https://` hoặc `http://`.")]


class Place(Strict):
    name: Line = Field(description="Tên địa điểm, ví dụ `Nhà văn hóa huyện Khoái Châu`.")
    coordinates: Coordinates | None = Field(
        default=None, description="Tọa độ `{lat, lon}` để chỉ đường trên bản đồ (trang web).")
    address: Line | None = Field(default=None, description="Địa chỉ.")
    commune: Line | None = Field(default=None, description="Xã/phường (sau 1/7/2025).")
    province: Line | None = Field(default=None, description="Tỉnh/thành phố; mặc định tỉnh của "
                                                            "kế hoạch.")
    old_area: Line | None = Field(default=None, description="Địa bàn cũ (huyện, trước 2025), để "
                                                            "tìm kiếm.")


def _place(value):
    return {"name": value} if isinstance(value, str) else value


class Allocation(Strict):
    unit: Id = Field(description="Mã đơn vị được giao chỉ tiêu.")
    quota: Quota
    slot: Window | None = Field(default=None, description="Khung giờ đơn vị đến hiến máu.")
    note: Text | None = Field(default=None, description="Ghi chú riêng cho đơn vị này: in trong "
                                                        "bản công văn gửi riêng đơn vị, sau đoạn "
                                                        "`personal`.")


class Drive(Strict):
    id: Id = Field(description="Mã đợt hiến máu, không đổi khi sửa ngày (dùng cho lịch và "
                               "trang web).")
    organiser: Id = Field(description="Mã đơn vị tổ chức.")
    programme: Id | None = Field(default=None, description="Mã chương trình (nhóm theo tháng).")
    place: Annotated[Place, BeforeValidator(_place, json_schema_input_type=str | Place)]
    dates: Annotated[list[dt.date], BeforeValidator(_one_or_many,
                                                     json_schema_input_type=dt.date | list[dt.date])] = Field(
        default_factory=list, max_length=MAX_DATES,
        description="Ngày tổ chức (một hoặc nhiều ngày); bỏ trống khi chỉ biết tháng (`month`).")
    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = Field(
        default=None, description="Khi chưa có ngày: tháng dự kiến, ví dụ `2019-03` (viết trong "
                                  "dấu nháy nếu cần). Trang web xếp đợt vào tháng đó, ghi \"dự "
                                  "kiến\", không tạo sự kiện lịch (.ics).")
    when: Line | None = Field(default=None, description="Thời gian theo lời văn bản khi chưa có "
                                                        "ngày, ví dụ `đầu tháng 5/2019`.")
    time: Window | None = None
    times: list[Window] = Field(default_factory=list, max_length=4,
                                description='Nhiều khung giờ trong ngày (thay cho `time`), ví dụ '
                                            '`["7h30 - 11h00", "13h30 - 16h30"]` (sáng và chiều).')
    day_times: dict[dt.date, Window] = Field(
        default_factory=dict, max_length=MAX_DATES,
        description='Khung giờ riêng của từng ngày (thay cho `time`), ví dụ `{2019-05-10: "7h30 - '
                    '11h30", 2019-05-11: "13h30 - 16h30"}`.')
    other_places: list[Annotated[Place, BeforeValidator(_place, json_schema_input_type=str | Place)]] = Field(
        default_factory=list, max_length=MAX_LINES, description="Các địa điểm khác của cùng đợt "
                                                                "(ngoài `place`).")
    registration: Url | None = Field(
        default=None, description="Địa chỉ trang đăng ký hiến máu, ví dụ `https://...`.")
    open_to: Literal["public", "staff"] = Field(
        default="public", description="`public`: mọi người; `staff`: chỉ cán bộ, nhân viên, "
                                      "người lao động của đơn vị tổ chức (danh sách ghi rõ).")
    quota: Annotated[Amount | None, BeforeValidator(parse_quota, json_schema_input_type=int | str | None)] = Field(
        default=None, description='Chỉ tiêu như văn bản ghi: `400`; một khoảng `"150 - 250"`; mức '
                                  'tối thiểu `"ít nhất 120"` hoặc `"từ 80 đơn vị trở lên"`; thêm '
                                  '`người` nếu tính theo người, `/ngày` nếu là chỉ tiêu mỗi ngày '
                                  '(`"150 - 250 đơn vị máu/ngày"`). Bỏ trống nếu không có chỉ tiêu.')
    allocations: list[Allocation] = Field(
        default_factory=list, max_length=MAX_ALLOCATIONS, description="Chỉ tiêu giao cho từng đơn vị (thay cho `quota`; tổng "
                                          "được tính tự động).")
    campus: Line | None = Field(
        default=None, description="Cơ sở (khuôn viên) tổ chức, ví dụ `cơ sở 1, 2`: in sau ngày "
                                  "trong phụ lục và cạnh địa điểm trên trang web.")
    audience: Line | None = Field(default=None, description="Đối tượng tham gia.")
    contact: Line | None = Field(default=None, description="Nơi liên hệ, đăng ký hiến máu, ví dụ "
                                                           "`Hội Chữ thập đỏ huyện, 0221 3xxx xxx`"
                                                           " (in trong bảng các đợt hiến máu).")
    coordinators: list[Id] = Field(default_factory=list, max_length=MAX_UNITS_PER_DRIVE,
                                   description="Đơn vị phối hợp chỉ đạo.")
    executors: list[Id] = Field(default_factory=list, max_length=MAX_UNITS_PER_DRIVE,
                                description="Đơn vị thực hiện.")
    status: Literal["planned", "cancelled"] = "planned"
    revision: Count = Field(default=0, ge=0, le=MAX_REVISION, description="Tăng lên mỗi lần sửa đợt đã công bố.")
    note: Text | None = Field(default=None, description="Ghi chú công khai.")

    @field_validator("dates")
    @classmethod
    def _typed_dates(cls, value):
        if not value:  # written but empty (left out, a month may stand for it)
            raise ValueError("không được để trống (khi chưa có ngày, bỏ dates và ghi month)")
        return value

    @model_validator(mode="after")
    def _when(self):
        if not self.dates and self.month is None:
            raise ValueError("cần ghi dates (ngày tổ chức) hoặc month (tháng dự kiến, ví dụ "
                             "month: \"2019-03\")")
        if self.dates and (self.month is not None or self.when is not None):
            raise ValueError("month và when chỉ dùng khi chưa có ngày; đã có dates thì bỏ month, "
                             "when")
        if sum(map(bool, (self.time is not None, self.times, self.day_times))) > 1:
            raise ValueError("chỉ ghi một trong time (một khung giờ), times (nhiều khung giờ) "
                             "hoặc day_times (khung giờ từng ngày)")
        if stray := sorted(set(self.day_times) - set(self.dates)):
            raise ValueError(f"day_times có ngày {stray[0].isoformat()} không nằm trong dates")
        return self

    @property
    def tentative(self) -> bool:
        """Known only by month: shown as "dự kiến", under its month, never on a day."""
        return not self.dates

    @model_validator(mode="after")
    def _quota(self):
        if self.quota is not None and self.allocations:
            raise ValueError("chỉ ghi quota hoặc allocations, không ghi cả hai: chỉ tiêu là tổng "
                             "các allocations")
        return self

    @property
    def amount(self) -> Amount | None:
        """The drive's quota as written (None: the plan gives it none, e.g. a notice)."""
        if self.allocations:
            n = sum(a.quota for a in self.allocations)
            return Amount(n, n)
        return self.quota

    @property
    def total(self) -> int | None:
        """The quota when it is one number of đơn vị máu for the whole drive, else None."""
        a = self.amount
        if a is None or a.per_day or a.unit != "đơn vị máu" or a.form != "exact":
            return None
        return a.exact


# --------------------------------------------------------------------------- results
# What a drive collected, typed after it happens (in its own file, e.g. results.yaml, so that
# the approved plan is not rewritten). Totals, percentages and shares are computed in
# hmtn_docs/results.py; cross-field rules (unknown drive, dates, deferred) are checked there.
MAX_DONORS = 1_000_000  # donors of one drive-day (the largest festival: ~5,000)
Donors = Annotated[int, Field(ge=0, le=MAX_DONORS), BeforeValidator(_strict_int)]


class Bags(Strict):
    """Units collected, by bag size (each bag is one unit of blood)."""

    ml250: Donors = Field(default=0, alias="250ml", description="Số túi 250 ml.")
    ml350: Donors = Field(default=0, alias="350ml", description="Số túi 350 ml.")
    ml450: Donors = Field(default=0, alias="450ml", description="Số túi 450 ml.")

    @property
    def total(self) -> int:
        return self.ml250 + self.ml350 + self.ml450


class UnitResult(Strict):
    unit: Id = Field(description="Mã đơn vị (một đơn vị trong `allocations` của đợt).")
    bags: Bags
    registered: Donors | None = Field(default=None, description="Số người đăng ký hiến máu.")
    deferred: Donors | None = Field(default=None, description="Số người không đủ điều kiện "
                                                              "hiến (hoãn hiến).")


class DriveResult(Strict):
    drive: Id = Field(description="Mã đợt hiến máu.")
    date: dt.date = Field(description="Ngày tiếp nhận máu (một ngày của đợt).")
    bags: Bags | None = Field(default=None, description="Số đơn vị máu tiếp nhận theo loại túi, "
                                                        "ví dụ `{250ml: 96, 350ml: 612, "
                                                        "450ml: 158}`.")
    units: list[UnitResult] = Field(
        default_factory=list, max_length=MAX_ALLOCATIONS,
        description="Kết quả từng đơn vị (thay cho `bags`), khi đợt có `allocations`.")
    registered: Donors | None = Field(default=None, description="Số người đăng ký hiến máu.")
    deferred: Donors | None = Field(default=None, description="Số người không đủ điều kiện "
                                                              "hiến (hoãn hiến).")
    partial: bool = Field(default=False, description="Kết quả chưa đầy đủ (còn bổ sung sau).")
    note: Text | None = None

    @model_validator(mode="after")
    def _bags(self):
        if self.bags is None and not self.units:
            raise ValueError("cần ghi bags (số túi máu theo loại) hoặc units (kết quả từng đơn vị)")
        if self.bags is not None and self.units:
            raise ValueError("chỉ ghi bags hoặc units, không ghi cả hai: tổng được tính từ units")
        return self


# --------------------------------------------------------------------------- prose
class Point(Strict):
    title: Line | None = None
    paragraphs: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS)
    bullets: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS)


class Item(Strict):
    title: Line | None = Field(default=None, description="Tiêu đề khoản (đánh số 1., 2. tự động).")
    paragraphs: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS)
    bullets: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS,
                                description="Các ý gạch đầu dòng.")
    points: list[Point] = Field(default_factory=list, max_length=MAX_POINTS,
                                description="Các điểm a), b)... đến y) (tối đa 23).")
    drives: bool = Field(default=False, description="Chèn danh sách các đợt hiến máu vào đây.")


class Section(Strict):
    title: Line = Field(description="Tiêu đề mục (đánh số I., II. và in hoa tự động).")
    paragraphs: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS)
    items: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)


class Document(Strict):
    issuer: Id = Field(description="Mã cơ quan ban hành (trong `issuers`).")
    number: Count | None = Field(default=None, gt=0, description="Số văn bản; để trống nếu chưa "
                                                                 "vào sổ.")
    date: IssueDate
    signer: Id = Field(description="Mã người ký (trong `signers`).")
    co_issuer: Id | None = Field(default=None, description="Văn bản liên tịch: mã cơ quan phối hợp "
                                                           "ban hành (trong `issuers`).")
    co_signer: Id | None = Field(default=None, description="Văn bản liên tịch: mã người ký của cơ "
                                                           "quan phối hợp (chữ ký bên trái).")
    recipients: list[Line] = Field(min_length=1, max_length=MAX_PARAGRAPHS,
                                   description="Nơi nhận (mỗi dòng một nơi).")
    archive: list[Line] = Field(min_length=1, max_length=MAX_LINES, description="Lưu: ví dụ `[VT, VP BCĐ tỉnh]`.")

    @model_validator(mode="after")
    def _joint(self):
        if (self.co_issuer is None) != (self.co_signer is None):
            raise ValueError("văn bản liên tịch cần cả co_issuer và co_signer (cơ quan phối hợp và "
                             "người ký của cơ quan đó)")
        if self.co_issuer is not None and self.co_issuer == self.issuer:
            raise ValueError("co_issuer phải khác issuer")
        return self


class PlanBase(Strict):
    """What every plan has besides its documents; ``hmtn_docs.documents.PlanFile`` adds the key
    of each document kind."""

    include: list[Line] = Field(
        default_factory=list, max_length=MAX_INCLUDES,
        description="Các tệp YAML dùng chung được nạp thêm, đường dẫn tương đối trong thư mục "
                    "chứa các kế hoạch, ví dụ `units.yaml` hoặc `../chung/units.yaml`; hoặc một "
                    "bảng tính `.xlsx`/`.csv` danh sách đơn vị hay phân bổ chỉ tiêu.")
    plan: PlanInfo
    issuers: dict[Id, Issuer] = Field(default_factory=dict, max_length=MAX_REGISTRY)
    signers: dict[Id, Signer] = Field(default_factory=dict, max_length=MAX_REGISTRY)
    groups: dict[Id, Group] = Field(default_factory=dict, max_length=MAX_GROUPS)
    units: dict[Id, Unit] = Field(default_factory=dict, max_length=MAX_UNITS)
    programmes: dict[Id, Programme] = Field(default_factory=dict, max_length=MAX_PROGRAMMES)
    drives: list[Drive] = Field(default_factory=list, max_length=MAX_DRIVES)
    results: list[DriveResult] = Field(
        default_factory=list, max_length=MAX_DRIVES * 10,
        description="Kết quả các đợt hiến máu (thường ở tệp riêng results.yaml được include): "
                    "mỗi mục một ngày tiếp nhận của một đợt.")
