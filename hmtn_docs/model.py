"""The plan format, declared once: what every plan has (registries, drives) and the parts
documents share (``Document``, prose ``Section``s). Each document kind declares its own model in
its module under ``hmtn_docs/documents/``.

Every model forbids unknown keys so that a typo is an error, not a silently ignored field.
Field descriptions are in Vietnamese: they become the JSON Schema that editors show to the clerk
while typing (``schema/plan.schema.json``). Cross-references (unit ids, programme ids...) and
calendar rules are checked afterwards in ``checks.py``, where all problems are collected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80),
    Field(description="Mã định danh: chữ thường không dấu, số và dấu gạch ngang, ví dụ `bcd-khoai-chau`."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]


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
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[h:gG]|giờ)\s*(\d{2})?\s*$")


class TimeOfDay(Strict):
    hour: int = Field(ge=0, le=23)
    minute: int = Field(ge=0, le=59)

    @classmethod
    def parse(cls, text: str) -> "TimeOfDay":
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
        if len(parts) != 2:
            raise ValueError(f"'{value}' không phải khung giờ hợp lệ; hãy viết như \"7h30 - 11h30\"")
        return {"start": TimeOfDay.parse(parts[0]), "end": TimeOfDay.parse(parts[1])}
    return value


class TimeWindow(Strict):
    start: TimeOfDay
    end: TimeOfDay

    @model_validator(mode="after")
    def _ordered(self):
        if (self.end.hour, self.end.minute) <= (self.start.hour, self.start.minute):
            raise ValueError("giờ kết thúc phải sau giờ bắt đầu")
        return self


Window = Annotated[
    TimeWindow,
    BeforeValidator(_time_window, json_schema_input_type=str),
    Field(description='Khung giờ, ví dụ "7h30 - 11h30".'),
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
        return self


# --------------------------------------------------------------------------- registries
class PlanInfo(Strict):
    title: Line = Field(description="Tên kế hoạch hiển thị trên trang web.")
    year: int = Field(ge=1990, le=2100, description="Năm của kế hoạch.")
    province: Line = Field(description="Tỉnh/thành phố, ví dụ `Hưng Yên`.")
    province_kind: Literal["tỉnh", "thành phố"] = Field(
        default="tỉnh", description="`tỉnh` hoặc `thành phố` (dùng trong câu: trên địa bàn tỉnh).")
    committee: Line = Field(description="Tên Ban Chỉ đạo, ví dụ `Ban Chỉ đạo vận động hiến máu "
                                        "tình nguyện tỉnh Hưng Yên`.")
    period: Period


class Issuer(Strict):
    name: Line = Field(description="Tên đầy đủ của cơ quan ban hành, ví dụ `Ủy ban nhân dân tỉnh "
                                   "Hưng Yên`.")
    header: list[Line] | None = Field(
        default=None, description="Tên cơ quan ban hành chia dòng như trên văn bản (chữ in hoa được "
                                  "tạo tự động). Mặc định: một dòng.")
    parent: list[Line] | None = Field(default=None, description="Tên cơ quan chủ quản (nếu có), "
                                                               "từng dòng.")
    abbreviation: Line = Field(description="Chữ viết tắt tên cơ quan trong số ký hiệu, ví dụ `UBND`.")
    collective: Line | None = Field(default=None, description="Tên tập thể sau `TM.`, ví dụ "
                                                              "`Ủy ban nhân dân`.")
    place: Line = Field(description="Địa danh ghi trên văn bản, ví dụ `Hưng Yên`.")


class Signer(Strict):
    name: Line = Field(description="Họ và tên người ký.")
    title: Line = Field(description="Chức vụ, ví dụ `Phó Chủ tịch`.")
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
        return self


class Unit(Strict):
    name: Line = Field(description="Tên đầy đủ của đơn vị.")
    short: Line | None = Field(default=None, description="Tên ngắn dùng trong danh sách và bảng.")
    group: Id | None = Field(default=None, description="Nhóm trong phụ lục chỉ tiêu (mã trong "
                                                       "`groups`).")
    old_names: list[Line] = Field(default_factory=list, description="Tên cũ (trước sáp nhập 2025) "
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


class Drive(Strict):
    id: Id = Field(description="Mã đợt hiến máu, không đổi khi sửa ngày (dùng cho lịch và "
                               "trang web).")
    organiser: Id = Field(description="Mã đơn vị tổ chức.")
    programme: Id | None = Field(default=None, description="Mã chương trình (nhóm theo tháng).")
    place: Annotated[Place, BeforeValidator(_place, json_schema_input_type=str | Place)]
    dates: Annotated[list[dt.date], BeforeValidator(_one_or_many,
                                                     json_schema_input_type=dt.date | list[dt.date])] = Field(
        min_length=1, description="Ngày tổ chức (một hoặc nhiều ngày).")
    time: Window | None = None
    quota: Quota | None = None
    allocations: list[Allocation] = Field(
        default_factory=list, description="Chỉ tiêu giao cho từng đơn vị (thay cho `quota`; tổng "
                                          "được tính tự động).")
    campus: Line | None = Field(
        default=None, description="Cơ sở (khuôn viên) tổ chức, ví dụ `cơ sở 1, 2`: in sau ngày "
                                  "trong phụ lục và cạnh địa điểm trên trang web.")
    audience: Line | None = Field(default=None, description="Đối tượng tham gia.")
    contact: Line | None = Field(default=None, description="Nơi liên hệ, đăng ký hiến máu, ví dụ "
                                                           "`Hội Chữ thập đỏ huyện, 0221 3xxx xxx`"
                                                           " (in trong bảng các đợt hiến máu).")
    registration: Url | None = Field(default=None, description="Trang đăng ký hiến máu trực "
                                                                "tuyến (trên trang web).")
    open_to: Literal["staff"] | None = Field(
        default=None, description="`staff`: đợt nội bộ, chỉ cán bộ, nhân viên của đơn vị tổ chức "
                                  "hiến máu (được đánh dấu trên trang web).")
    coordinators: list[Id] = Field(default_factory=list, description="Đơn vị phối hợp chỉ đạo.")
    executors: list[Id] = Field(default_factory=list, description="Đơn vị thực hiện.")
    status: Literal["planned", "cancelled"] = "planned"
    revision: Count = Field(default=0, ge=0, description="Tăng lên mỗi lần sửa đợt đã công bố.")
    note: Text | None = Field(default=None, description="Ghi chú công khai.")

    @model_validator(mode="after")
    def _quota(self):
        if self.quota is None and not self.allocations:
            raise ValueError("cần ghi quota hoặc allocations")
        if self.quota is not None and self.allocations:
            raise ValueError("chỉ ghi quota hoặc allocations, không ghi cả hai: chỉ tiêu là tổng "
                             "các allocations")
        return self

    @property
    def total(self) -> int:
        return self.quota if self.quota is not None else sum(a.quota for a in self.allocations)


# --------------------------------------------------------------------------- prose
class Point(Strict):
    title: Line | None = None
    paragraphs: list[Text] = Field(default_factory=list)
    bullets: list[Text] = Field(default_factory=list)


class Item(Strict):
    title: Line | None = Field(default=None, description="Tiêu đề khoản (đánh số 1., 2. tự động).")
    paragraphs: list[Text] = Field(default_factory=list)
    bullets: list[Text] = Field(default_factory=list, description="Các ý gạch đầu dòng.")
    points: list[Point] = Field(default_factory=list, description="Các điểm a), b)...")
    drives: bool = Field(default=False, description="Chèn danh sách các đợt hiến máu vào đây.")


class Section(Strict):
    title: Line = Field(description="Tiêu đề mục (đánh số I., II. và in hoa tự động).")
    paragraphs: list[Text] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)


class Document(Strict):
    issuer: Id = Field(description="Mã cơ quan ban hành (trong `issuers`).")
    number: Count | None = Field(default=None, gt=0, description="Số văn bản; để trống nếu chưa "
                                                                 "vào sổ.")
    date: IssueDate
    signer: Id = Field(description="Mã người ký (trong `signers`).")
    recipients: list[Line] = Field(min_length=1, description="Nơi nhận (mỗi dòng một nơi).")
    archive: list[Line] = Field(min_length=1, description="Lưu: ví dụ `[VT, VP BCĐ tỉnh]`.")


class PlanBase(Strict):
    """What every plan has besides its documents; ``hmtn_docs.documents.PlanFile`` adds the key
    of each document kind."""

    include: list[Line] = Field(default_factory=list,
                                description="Các tệp YAML dùng chung được nạp thêm.")
    plan: PlanInfo
    issuers: dict[Id, Issuer] = Field(default_factory=dict)
    signers: dict[Id, Signer] = Field(default_factory=dict)
    groups: dict[Id, Group] = Field(default_factory=dict)
    units: dict[Id, Unit] = Field(default_factory=dict)
    programmes: dict[Id, Programme] = Field(default_factory=dict)
    drives: list[Drive] = Field(default_factory=list)
