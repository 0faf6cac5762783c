"""Build the administrative-unit data files in khuyencong/geo/data/ from `vietnamadminunits`.

A development-time tool, not a runtime dependency: the CSV files it writes are committed and read
by `manage.py load_admin_units`. It reads the package's bundled data files directly (the SQLite
`dataset.db` and `converter_2025.json`) and never imports or calls the package's code, so nothing
goes online (the package's converter can geocode addresses; we never use it).

Run it from the project root, with the package installed in a throwaway environment:

    python3 -m venv /tmp/vau-venv
    /tmp/vau-venv/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau-venv/bin/python scripts/build_admin_units.py

Options: `--source DIR` (the package directory; found in the running interpreter by default),
`--out DIR` (default khuyencong/geo/data). Only the standard library is used; the output is
deterministic (sorted rows, "\\n" line ends), so re-running on the same package version gives
byte-identical files. See docs/admin-units.md for what the files hold and what is corrected here.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import shutil
import sqlite3
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "khuyencong" / "geo" / "data"
LAST_DAY_BEFORE_REFORM = "2025-06-30"
REFORM_DATE = "2025-07-01"

# Prefix of the full name -> kind. The full name is trusted over the package's `wardType`
# column, which disagrees with it for a handful of rows (listed in the build log).
PROVINCE_KINDS = {"Thành phố": "city", "Tỉnh": "province"}
DISTRICT_KINDS = {
    "Huyện": "huyen",
    "Quận": "quan",
    "Thị xã": "thi_xa",
    "Thành phố": "thanh_pho",
    "Đặc khu": "dac_khu",
}
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}

# Corrections by hand. Provinces made centrally-run cities after the package was published:
# Đồng Nai (Resolution 30/2026/QH16), Quảng Ninh (36/2026/QH16), Bắc Ninh (39/2026/QH16).
CURRENT_PROVINCE_KIND_FIXES = {"22": "city", "24": "city", "75": "city"}

EXPECTED = {
    "old provinces": 63,
    "current provinces": 34,
    "districts": 696,
    "old communes": 10035,
    "current communes": 3321,
}
MAPPING_CHECKS = {  # old province code -> new province code
    "34": "33",  # Thái Bình -> Hưng Yên
    "24": "24",  # Bắc Giang -> Bắc Ninh (the new Bắc Ninh has Bắc Giang's code 24)
    "27": "24",  # Bắc Ninh -> Bắc Ninh
    "54": "66",  # Phú Yên -> Đắk Lắk
    "30": "31",  # Hải Dương -> Hải Phòng
    "31": "31",  # Hải Phòng -> Hải Phòng
}


def split_prefix(full_name: str, kinds: dict[str, str]) -> tuple[str, str]:
    """'Thị Trấn Ái Tử' -> ('thi_tran', 'Ái Tử'); the longest matching prefix wins."""
    for prefix in sorted(kinds, key=len, reverse=True):
        if full_name.lower().startswith(prefix.lower() + " "):
            return kinds[prefix], full_name[len(prefix) + 1 :].strip()
    raise ValueError(f"no known prefix in {full_name!r}")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def find_source() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("vietnamadminunits is not installed here: see the docstring, or pass --source.")
    return Path(next(iter(spec.submodule_search_locations)))


def read_rows(db: Path, table: str) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM [{table}]")]


def build(source: Path) -> tuple[dict[str, list[dict]], list[str]]:
    log: list[str] = []
    old_rows = read_rows(source / "data" / "dataset.db", "admin_units_legacy")
    new_rows = read_rows(source / "data" / "dataset.db", "admin_units")
    converter = json.loads((source / "data" / "converter_2025.json").read_text("utf-8"))

    provinces: dict[tuple[str, str], dict] = {}
    districts: dict[str, dict] = {}
    communes: dict[tuple[str, str], dict] = {}
    old_province_by_key: dict[str, str] = {}
    new_province_by_key: dict[str, str] = {}
    old_commune_by_key: dict[str, str] = {}
    island_district_by_key: dict[str, dict] = {}
    new_commune_by_key: dict[tuple[str, str], str] = {}

    def add_province(row: dict, valid_from: str, valid_to: str) -> None:
        kind, name = split_prefix(nfc(row["province"]), PROVINCE_KINDS)
        provinces[(row["provinceCode"], valid_to)] = {
            "code": row["provinceCode"],
            "name": name,
            "kind": kind,
            "valid_from": valid_from,
            "valid_to": valid_to,
        }

    def check_type(row: dict, kinds: dict[str, str], kind: str) -> None:
        stated = kinds.get(row["wardType"] or "")
        if stated != kind:
            log.append(
                f"kind from the name, not wardType={row['wardType']!r}: "
                f"{row['wardCode']} {row['ward']} ({row['province']})"
            )

    for row in old_rows:
        add_province(row, "", LAST_DAY_BEFORE_REFORM)
        old_province_by_key[row["provinceKey"]] = row["provinceCode"]
        kind, name = split_prefix(nfc(row["district"]), DISTRICT_KINDS)
        districts[row["districtCode"]] = {
            "code": row["districtCode"],
            "name": name,
            "kind": kind,
            "province_code": row["provinceCode"],
            "valid_from": "",
            "valid_to": LAST_DAY_BEFORE_REFORM,
        }
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if not row["wardCode"]:  # an island district without communes
            island_district_by_key[key] = districts[row["districtCode"]]
            continue
        kind, name = split_prefix(nfc(row["ward"]), COMMUNE_KINDS)
        check_type(row, COMMUNE_KINDS, kind)
        communes[(row["wardCode"], LAST_DAY_BEFORE_REFORM)] = {
            "code": row["wardCode"],
            "name": name,
            "kind": kind,
            "province_code": row["provinceCode"],
            "district_code": row["districtCode"],
            "valid_from": "",
            "valid_to": LAST_DAY_BEFORE_REFORM,
        }
        old_commune_by_key[key] = row["wardCode"]

    for row in new_rows:
        add_province(row, REFORM_DATE, "")
        new_province_by_key[row["provinceKey"]] = row["provinceCode"]
        kind, name = split_prefix(nfc(row["ward"]), COMMUNE_KINDS)
        check_type(row, COMMUNE_KINDS, kind)
        communes[(row["wardCode"], "")] = {
            "code": row["wardCode"],
            "name": name,
            "kind": kind,
            "province_code": row["provinceCode"],
            "district_code": "",
            "valid_from": REFORM_DATE,
            "valid_to": "",
        }
        new_commune_by_key[(row["provinceKey"], row["wardKey"])] = row["wardCode"]

    for code, kind in sorted(CURRENT_PROVINCE_KIND_FIXES.items()):
        province = provinces[(code, "")]
        if province["kind"] != kind:
            log.append(f"province {code} {province['name']}: kind {province['kind']} -> {kind}")
            province["kind"] = kind

    province_successions = [
        {"old_code": old_province_by_key[old_key], "new_code": new_province_by_key[new_key]}
        for new_key, old_keys in converter["DICT_PROVINCE"].items()
        for old_key in old_keys
    ]

    # old commune code -> {new commune code: is_default}
    successors: dict[str, dict[str, bool]] = {}
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            new_code = new_commune_by_key[(new_province, new_ward)]
            for old_key in old_keys:
                if old_key in island_district_by_key:
                    district = island_district_by_key[old_key]
                    new = communes[(new_code, "")]
                    assert new["kind"] == "dac_khu" and new["name"] == district["name"], old_key
                    log.append(
                        f"district {district['code']} {district['name']} -> special zone "
                        f"{new_code} (found by name at run time; it had no communes)"
                    )
                    continue
                targets = successors.setdefault(old_commune_by_key[old_key], {})
                targets[new_code] = True
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, candidates in divided.items():
            targets = successors.setdefault(old_commune_by_key[old_key], {})
            assert not targets, f"{old_key} is both divided and not divided"
            for candidate in candidates:
                new_code = new_commune_by_key[(new_province, candidate["newWardKey"])]
                targets[new_code] = bool(candidate["isDefaultNewWard"])
    commune_successions = [
        {"old_code": old, "new_code": new, "is_default": "1" if default else "0"}
        for old, targets in successors.items()
        for new, default in targets.items()
    ]

    tables = {
        "provinces": sorted(provinces.values(), key=lambda r: (r["code"], r["valid_to"] == "")),
        "districts": sorted(districts.values(), key=lambda r: r["code"]),
        "communes": sorted(communes.values(), key=lambda r: (r["code"], r["valid_to"] == "")),
        "province_successions": sorted(province_successions, key=lambda r: r["old_code"]),
        "commune_successions": sorted(
            commune_successions,
            key=lambda r: (r["old_code"], r["is_default"] == "0", r["new_code"]),
        ),
    }
    verify(tables, successors)
    return tables, log


def verify(tables: dict[str, list[dict]], successors: dict[str, dict[str, bool]]) -> None:
    def count(rows: list[dict], current: bool) -> int:
        return sum(1 for r in rows if (r["valid_to"] == "") == current)

    got = {
        "old provinces": count(tables["provinces"], current=False),
        "current provinces": count(tables["provinces"], current=True),
        "districts": len(tables["districts"]),
        "old communes": count(tables["communes"], current=False),
        "current communes": count(tables["communes"], current=True),
    }
    for what, expected in EXPECTED.items():
        if got[what] != expected:
            sys.exit(f"{what}: expected {expected}, the package has {got[what]}")
    mapping = {r["old_code"]: r["new_code"] for r in tables["province_successions"]}
    assert len(mapping) == 63 and len(set(mapping.values())) == 34, "province mapping incomplete"
    for old, new in MAPPING_CHECKS.items():
        assert mapping[old] == new, f"province {old} -> {mapping[old]}, expected {new}"
    old_communes = {r["code"] for r in tables["communes"] if r["valid_to"]}
    assert set(successors) == old_communes, "an old commune has no successor"
    defaults = Counter(sum(t.values()) for t in successors.values())
    assert set(defaults) == {1}, f"default successors per old commune: {defaults}"


def write(out: Path, tables: dict[str, list[dict]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="the vietnamadminunits package directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    source = args.source or find_source()
    tables, log = build(source)
    write(args.out, tables)
    licences = sorted(source.parent.glob("vietnamadminunits-*.dist-info/licenses/LICENSE"))
    if licences:
        shutil.copyfile(licences[-1], args.out / "LICENSE.vietnamadminunits.txt")
    for line in log:
        print("note:", line)
    for name, rows in tables.items():
        print(f"{name}.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
