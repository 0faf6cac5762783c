"""The shipped boundary file of the national map (34 provinces, with Hoàng Sa in Đà Nẵng and
Trường Sa in Khánh Hòa), the endpoint that serves it, and the command that replaces it."""

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from khuyencong.geo.models import Province
from khuyencong.reports.dashboards import boundaries

SHIPPED = Path(settings.BASE_DIR) / "static" / "geo" / "vietnam-provinces-34.json"
HOANG_SA = [(112.339, 16.834), (111.608, 16.532), (111.202, 15.783)]  # Phú Lâm, Hoàng Sa, Tri Tôn
TRUONG_SA = [(111.917, 8.644), (114.330, 11.430), (114.361, 10.181)]  # Trường Sa, Song Tử Tây…


def _shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _features(data) -> dict:
    return {f["properties"]["code"]: f for f in data["features"]}


def test_the_shipped_file_has_the_34_provinces(db):
    data = _shipped()
    assert data["type"] == "FeatureCollection"
    current = dict(Province.objects.current().values_list("code", "name"))
    assert len(current) == 34
    features = _features(data)
    assert len(data["features"]) == 34
    assert {code: f["properties"]["name"] for code, f in features.items()} == current
    assert SHIPPED.stat().st_size < 1_000_000
    boundaries.validate(data)  # the same checks as a replacement


def test_the_archipelagos_are_in_the_right_provinces(db):
    geometry = pytest.importorskip("shapely.geometry")
    features = _features(_shipped())
    shapes = {code: geometry.shape(f["geometry"]) for code, f in features.items()}
    for lon, lat in HOANG_SA:
        point = geometry.Point(lon, lat)
        assert shapes["48"].contains(point), (lon, lat)  # Đà Nẵng
        assert not any(s.contains(point) for c, s in shapes.items() if c != "48")
    for lon, lat in TRUONG_SA:
        point = geometry.Point(lon, lat)
        assert shapes["56"].contains(point), (lon, lat)  # Khánh Hòa
    assert shapes["33"].contains(geometry.Point(106.34, 20.45))  # old Thái Bình, now Hưng Yên


def test_the_endpoint_serves_the_shipped_file_then_the_replacement(
    world, client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["officer"])
    response = client.get("/dashboards/map/provinces.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert len(json.loads(b"".join(response.streaming_content))["features"]) == 34

    replacement = _shipped()
    first = replacement["features"][0]["properties"]
    name = first["name"]
    first["name"] = "Renamed by the official file"
    first["code"] = int(first["code"])  # 1 → "01": codes given as numbers are accepted
    source = tmp_path / "official.geojson"
    source.write_text(json.dumps(replacement), encoding="utf-8")
    call_command("load_province_map", str(source))
    served = json.loads(b"".join(client.get("/dashboards/map/provinces.json").streaming_content))
    assert (tmp_path / "geo" / "vietnam-provinces-34.json").exists()
    # The names and codes are the geo app's (the map's data matches provinces by name).
    assert served["features"][0]["properties"] == {"code": "01", "name": name}
    call_command("load_province_map", "--reset")
    assert not (tmp_path / "geo" / "vietnam-provinces-34.json").exists()


def _refused(tmp_path, data, message):
    source = tmp_path / "bad.geojson"
    source.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_province_map", str(source))
    assert not (tmp_path / "geo" / "vietnam-provinces-34.json").exists()


def test_the_command_refuses_bad_files(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    good = _shipped()
    _refused(tmp_path, "{not json", "not valid JSON")
    _refused(tmp_path, {"type": "Feature"}, "not a GeoJSON FeatureCollection")
    missing = copy.deepcopy(good)
    missing["features"] = missing["features"][1:]
    _refused(tmp_path, missing, "lacks 1 provinces")
    twice = copy.deepcopy(good)
    twice["features"].append(twice["features"][0])
    _refused(tmp_path, twice, "more than once")
    old = copy.deepcopy(good)
    old["features"][0]["properties"]["code"] = "34"  # Thái Bình, no longer a province
    _refused(tmp_path, old, "not a province in force today")
    projected = copy.deepcopy(good)
    projected["features"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [
            [[580000, 2300000], [590000, 2300000], [590000, 2310000], [580000, 2300000]]
        ],
    }
    _refused(tmp_path, projected, "not in longitude and latitude")
    no_islands = copy.deepcopy(good)
    for feature in no_islands["features"]:
        if feature["properties"]["code"] == "48":
            feature["geometry"] = {
                "type": "MultiPolygon",
                "coordinates": [
                    polygon
                    for polygon in feature["geometry"]["coordinates"]
                    if polygon[0][0][0] < 110  # the mainland only
                ],
            }
    _refused(tmp_path, no_islands, "does not include Quần đảo Hoàng Sa")
    # Malformed GeoJSON is refused with a reason, never a traceback.
    for coordinates in ("abc", {"a": 1}, [[["x", "y"]]], [[[True, False]]], [[[[[[[[1, 2]]]]]]]]):
        broken = copy.deepcopy(good)
        broken["features"][0]["geometry"] = {"type": "Polygon", "coordinates": coordinates}
        _refused(tmp_path, broken, "not a pair of numbers")
    bad_properties = copy.deepcopy(good)
    bad_properties["features"][0]["properties"] = ["x"]
    _refused(tmp_path, bad_properties, "Item 1 is not a GeoJSON Feature")
    with pytest.raises(CommandError, match="Give the GeoJSON file"):
        call_command("load_province_map")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("load_province_map", str(tmp_path / "nothing.json"))
