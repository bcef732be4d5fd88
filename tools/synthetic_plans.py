"""Write a synthetic national data set of valid plan folders, to size the website build.

    python tools/synthetic_plans.py OUT [--provinces 34] [--drives 60] [--year 2026]

One plan folder per province (the 34 provinces and cities since 1/7/2025), each with
``--drives`` drives spread over the year: organisers, places with commune and old district,
programmes by month, some time windows, a few cancelled and revised drives. The output is
deterministic (``--seed``). Every plan passes ``hmtn check`` (a few "looks like a typo"
warnings can appear: the names are made up from syllables).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hmtn_docs._calendar import holiday  # noqa: E402
from hmtn_docs.site.paths import slug  # noqa: E402

PROVINCES = [
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Lai Châu",
    "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
FIRST = ["An", "Bình", "Cẩm", "Đông", "Gia", "Hòa", "Hưng", "Kim", "Long", "Minh", "Nam", "Phú",
         "Quang", "Tân", "Thạch", "Thanh", "Trung", "Vĩnh", "Xuân", "Yên"]
SECOND = ["Bắc", "Châu", "Điền", "Giang", "Hải", "Hiệp", "Khánh", "Lạc", "Lộc", "Mỹ", "Ninh",
          "Phong", "Sơn", "Thành", "Thịnh", "Thủy", "Tiến", "Trạch", "Văn", "Xương"]
KINDS = [("xa", "xã"), ("phuong", "phường")]
PROGRAMMES = {
    "chu-nhat-do": ("Chủ nhật Đỏ", "hưởng ứng Chương trình “Chủ nhật Đỏ”", (1, 2, 3, 12)),
    "xuan-hong": ("Lễ hội Xuân hồng", "hưởng ứng “Lễ hội Xuân hồng” năm {year}", (4,)),
    "hanh-trinh-do": ("Hành trình Đỏ", "hưởng ứng “Hành trình Đỏ lần thứ {edition}”", (6, 7, 8)),
    "giot-mau-hong": ("Những giọt máu hồng hè", "hưởng ứng Chiến dịch “Những giọt máu hồng hè "
                      "năm {year}”", (5,)),
    "quoc-khanh": ("Ngày Quốc khánh 2/9", "chào mừng {years} năm Ngày Quốc khánh", (9, 10, 11)),
}


def _names(rng: random.Random, count: int) -> list[str]:
    pool = [f"{a} {b}" for a in FIRST for b in SECOND]
    rng.shuffle(pool)
    return pool[:count]


def _dates(rng: random.Random, year: int, count: int) -> list[dt.date]:
    """``count`` days of ``year`` without public holidays, about evenly spread."""
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    days = [d for d in days if not holiday(d)]
    step = len(days) / count
    return sorted(days[int(i * step + rng.random() * step * 0.8)] for i in range(count))


def province_plan(province: str, year: int, drives: int, rng: random.Random) -> dict:
    code = slug(province)
    communes = _names(rng, max(8, drives // 3))
    units: dict = {
        "bcd-tinh": {"name": f"Ban Chỉ đạo vận động hiến máu tình nguyện {province}",
                     "short": f"BCĐ vận động HMTN {province}"},
        "vien-huyet-hoc": {"name": "Viện Huyết học - Truyền máu Trung ương"},
        "bv-tinh": {"name": f"Bệnh viện Đa khoa {province}"},
    }
    organisers = []
    for i, name in enumerate(communes):
        kind_id, kind = KINDS[i % 2]
        uid = f"{kind_id}-{slug(name)}"
        units[uid] = {"name": f"Ban Chỉ đạo vận động hiến máu tình nguyện {kind} {name}",
                      "short": f"BCĐ HMTN {kind} {name}", "group": "co-so"}
        organisers.append((uid, kind, name))
    for j in range(3):
        uid = f"dai-hoc-{j + 1}"
        units[uid] = {"name": f"Trường Đại học số {j + 1} {province}", "group": "dai-hoc"}
        organisers.append((uid, None, f"Trường Đại học số {j + 1} {province}"))
    days = _dates(rng, year, drives)
    out_drives = []
    for n, day in enumerate(days):
        uid, kind, name = organisers[n % len(organisers)]
        month_progs = [pid for pid, (_, _, months) in PROGRAMMES.items() if day.month in months]
        if kind:
            place = {"name": f"Nhà văn hóa {kind} {name}", "commune": f"{kind.capitalize()} {name}",
                     "address": f"Số {rng.randint(1, 300)} đường {rng.choice(FIRST)} "
                                f"{rng.choice(SECOND)}, {kind} {name}",
                     "old_area": f"huyện {rng.choice(FIRST)} {rng.choice(SECOND)}"}
        else:
            place = {"name": name}
        drive = {
            "id": f"{day.isoformat()}-{uid}",
            "organiser": uid,
            "place": place,
            "dates": day,
            "quota": rng.choice([100, 150, 200, 250, 300, 400, 500, 600, 800]),
            "coordinators": ["bcd-tinh", uid],
            "executors": [uid, rng.choice(["vien-huyet-hoc", "bv-tinh"])],
        }
        if month_progs:
            drive["programme"] = month_progs[0]
        if n % 2:
            drive["time"] = rng.choice(["7h00 - 11h00", "7h30 - 11h30", "13h30 - 16h30"])
        if n % 5 == 0:
            drive["audience"] = "Cán bộ, đoàn viên, thanh niên và nhân dân trên địa bàn"
        if n % 30 == 7:
            drive["status"] = "cancelled"
            drive["revision"] = 1
        out_drives.append(drive)
    return {
        "plan": {
            "title": f"Kế hoạch hiến máu tình nguyện năm {year} {province}",
            "year": year, "province": province,
            "committee": f"Ban Chỉ đạo vận động hiến máu tình nguyện {province}",
            "period": {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
        },
        "groups": {"co-so": {"title": "Ban Chỉ đạo vận động HMTN các xã, phường"},
                   "dai-hoc": {"title": "Các trường Đại học"}},
        "units": units,
        "programmes": {pid: {"name": name, "heading": heading,
                             **({"first_edition": 2013} if "{edition}" in heading else {}),
                             **({"founded": 1945} if "{years}" in heading else {})}
                       for pid, (name, heading, _) in PROGRAMMES.items()},
        "drives": out_drives,
    }, code


def write(out: Path, provinces: int = 34, drives: int = 60, year: int = 2026,
          seed: int = 1) -> list[Path]:
    """Write the plan folders under ``out``; return them."""
    rng = random.Random(seed)
    folders = []
    for province in PROVINCES[:provinces]:
        data, code = province_plan(province, year, drives, rng)
        folder = out / f"{year}-{code}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan.yaml").write_text(
            f"# Synthetic plan for sizing the website build ({province}, {year}).\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8")
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="folder to write the plan folders into")
    p.add_argument("--provinces", type=int, default=34, help="how many provinces (at most 34)")
    p.add_argument("--drives", type=int, default=60, help="drives per province")
    p.add_argument("--year", type=int, default=2026)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if not 1 <= args.provinces <= len(PROVINCES):
        p.error(f"--provinces must be between 1 and {len(PROVINCES)}")
    folders = write(args.out, args.provinces, args.drives, args.year, args.seed)
    print(f"{len(folders)} plans, {len(folders) * args.drives} drives in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
