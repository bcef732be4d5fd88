"""Getting to a drive: directions links from a place's coordinates, else from its address.

OpenStreetMap comes first (open data, no account); Google Maps second, as most phones have it.
Both links only open the map site with the destination filled in: the visitor's position never
reaches this site. A place with neither a street address nor coordinates can only be searched
by name, which may find the wrong building: ``hmtn check`` says so (``missing_whereabouts``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from ..errors import Problem
from ..plan import Plan, valid


def _deg(value: float) -> str:
    """Decimal degrees to 6 places (about 10 cm), without trailing zeros.

    >>> _deg(106.0866), _deg(20.5), _deg(-0.0000001)
    ('106.0866', '20.5', '0')
    """
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def destination(entry) -> str:
    """What the map sites are asked for: ``lat,lon``; else the street address and area (a
    geocoder finds an address more often than a building's name); else the name and area."""
    p = entry.drive.place
    if p.coordinates is not None:
        return f"{_deg(p.coordinates.lat)},{_deg(p.coordinates.lon)}"
    parts: list[str] = []
    for part in (p.address or p.name, p.commune or p.old_area, entry.province, "Việt Nam"):
        if part and not any(part in seen for seen in parts):
            parts.append(part)
    return ", ".join(parts)


def osm_link(entry) -> str:
    c = entry.drive.place.coordinates
    if c is not None:  # OSM's directions take a route "from;to" of coordinates
        return ("https://www.openstreetmap.org/directions?"
                + urlencode({"route": f";{_deg(c.lat)},{_deg(c.lon)}"})
                + f"#map=17/{_deg(c.lat)}/{_deg(c.lon)}")
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": destination(entry)})


def google_link(entry) -> str:
    """Google's documented Maps URL (api=1): directions to the destination from where one is."""
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1",
                                                            "destination": destination(entry)})


def missing_whereabouts(plan: Plan) -> list[Problem]:
    """A warning per place (at its first planned drive) with no street address or coordinates."""
    seen: dict[str, list[int]] = {}
    for i, drive in valid(plan.data.drives):
        if drive.status == "planned" and not (drive.place.address or drive.place.coordinates):
            seen.setdefault(" ".join(drive.place.name.casefold().split()), []).append(i)
    out = []
    for idx in seen.values():
        more = f" (cả {len(idx)} đợt ở địa điểm này)" if len(idx) > 1 else ""
        out.append(plan.problem(("drives", idx[0], "place"),
                                "chưa có địa chỉ (address) hay tọa độ (coordinates): trang web "
                                f"chỉ đường theo tên địa điểm, có thể sai chỗ{more}", "warning"))
    return out
