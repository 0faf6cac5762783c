"""Demo establishments, craft villages, artisans and collaborators in the demo provinces,
created through the services the pages use (by the demo administrator).

Places are real units (today's, and those of before the 2025 reform for old records); names of
people, tax codes and decision numbers are made up.
"""

from __future__ import annotations

import datetime
from typing import Any

from khuyencong.accounts.models import User
from khuyencong.core.actor import acting_as
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, District
from khuyencong.geo.selectors import candidate_communes_for, find_units
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry import services
from khuyencong.registry.models import Artisan, CraftVillage, Establishment, Sector

# Tax-office prefixes of the provinces as they were (the first digits of their tax codes).
TAX_PREFIX = {
    "Hưng Yên": "0900",
    "Thái Bình": "1000",
    "Bắc Ninh": "2300",
    "Bắc Giang": "2400",
    "Hải Phòng": "0200",
    "Hải Dương": "0800",
    "Đắk Lắk": "6000",
    "Phú Yên": "4400",
    "Phú Thọ": "2600",
}
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_serial = {"n": 1200}


def tax_code(province_then: str) -> str:
    """A well-formed 10-digit tax code whose last digit is the usual check digit."""
    while True:
        _serial["n"] += 7
        body = f"{TAX_PREFIX[province_then]}{_serial['n']:05d}"
        check = 10 - sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
        if 0 <= check <= 9:
            return body + str(check)


def _exact(units: list, text: str) -> Any:
    name = fold(text.split(",")[0])
    for unit in units:
        if fold(unit.full_name) == name:
            return unit
    raise LookupError(f"no unit {text!r}")


def old_commune(text: str) -> Commune:
    return _exact(find_units(text, level="commune", era="before_reform"), text)


def old_district(text: str) -> District:
    return _exact(find_units(text, level="district", era="before_reform"), text)


def commune_now(text: str) -> Commune:
    return _exact(find_units(text, level="commune", era="current"), text)


def successor(unit: Commune | District) -> Commune:
    return candidate_communes_for(unit)[0][0]


def revenues(base_million: int, years: range = range(2021, 2025)) -> dict[int, int]:
    """Growing yearly revenues in whole VND."""
    return {year: base_million * 1_000_000 * (100 + 9 * i) // 100 for i, year in enumerate(years)}


VILLAGES = [
    # name, place (see _place), trade, year recognised, decision, households, workers
    (
        "Làng nghề thêu ren Minh Lãng",
        "Xã Minh Lãng, Huyện Vũ Thư, Thái Bình",
        "Thêu ren",
        2006,
        "1562/QĐ-UBND",
        420,
        1150,
    ),
    (
        "Làng nghề chiếu cói Hới",
        "Xã Tân Lễ, Huyện Hưng Hà, Thái Bình",
        "Dệt chiếu cói",
        2005,
        "2781/QĐ-UBND",
        680,
        1900,
    ),
    (
        "Làng nghề đúc đồng Lộng Thượng",
        "now:Xã Đại Đồng, Hưng Yên",
        "Đúc đồng",
        2008,
        "915/QĐ-UBND",
        150,
        430,
    ),
    (
        "Làng gốm Phù Lãng",
        "Xã Phù Lãng, Thị xã Quế Võ, Bắc Ninh",
        "Gốm sành nâu",
        2004,
        "642/QĐ-UBND",
        260,
        700,
    ),
    (
        "Làng nghề mây tre đan Tăng Tiến",
        "Phường Tăng Tiến, Thị xã Việt Yên, Bắc Giang",
        "Mây tre đan",
        2007,
        "1290/QĐ-UBND",
        540,
        1600,
    ),
    (
        "Làng nghề chiếu cói Lật Dương",
        "now:Xã Tiên Lãng, Hải Phòng",
        "Dệt chiếu cói",
        2006,
        "3012/QĐ-UBND",
        310,
        820,
    ),
    (
        "Làng nghề gốm Chu Đậu",
        "Xã Thái Tân, Huyện Nam Sách, Hải Dương",
        "Gốm sứ",
        2010,
        "2215/QĐ-UBND",
        120,
        450,
    ),
    (
        "Làng nghề dệt thổ cẩm Buôn Ako Dhông",
        "Phường Tân Lợi, Thành phố Buôn Ma Thuột, Đắk Lắk",
        "Dệt thổ cẩm",
        2012,
        "1876/QĐ-UBND",
        90,
        160,
    ),
    (
        "Làng nghề nón lá Sai Nga",
        "now:Xã Cẩm Khê, Phú Thọ",
        "Làm nón lá",
        2009,
        "3340/QĐ-UBND",
        380,
        900,
    ),
]


def _place(text: str) -> tuple[Commune | None, Commune | None, District | None]:
    """(today's commune, commune then, district then) for 'now:…', an old commune, or
    'district:…' (an old district only: today's commune unknown)."""
    if text.startswith("now:"):
        return commune_now(text[4:]), None, None
    if text.startswith("district:"):
        return None, None, old_district(text[9:])
    then = old_commune(text)
    return successor(then), then, None


# name, kind, place, province then (for the tax code; None: a household business with only a
# registration number), sector, village, products, representative, gender, ethnicity,
# workers, women, revenue (million VND a year), extra
ESTABLISHMENTS: list[tuple] = [
    (
        "Công ty TNHH Thêu ren Minh Lãng",
        "enterprise",
        "Xã Minh Lãng, Huyện Vũ Thư, Thái Bình",
        "Thái Bình",
        Sector.TEXTILES,
        "Làng nghề thêu ren Minh Lãng",
        "Tranh thêu tay, khăn trải bàn, rèm thêu",
        "Nguyễn Thị Thu Hằng",
        "female",
        "Kinh",
        85,
        72,
        6_200,
        {},
    ),
    (
        "HTX Thêu ren xuất khẩu Minh Lãng",
        "cooperative",
        "Xã Minh Lãng, Huyện Vũ Thư, Thái Bình",
        "Thái Bình",
        Sector.TEXTILES,
        "Làng nghề thêu ren Minh Lãng",
        "Hàng thêu ren xuất khẩu",
        "Phạm Văn Tuấn",
        "male",
        "Kinh",
        120,
        104,
        4_800,
        {},
    ),
    (
        "Hộ kinh doanh Trần Thị Lụa",
        "household_business",
        "Xã Vũ Hội, Huyện Vũ Thư, Thái Bình",
        None,
        Sector.TEXTILES,
        None,
        "Gối thêu, khăn thêu",
        "Trần Thị Lụa",
        "female",
        "Kinh",
        6,
        6,
        480,
        {"business_registration_no": "08H8000315"},
    ),
    (
        "Công ty Cổ phần Chiếu cói Hới",
        "enterprise",
        "Xã Tân Lễ, Huyện Hưng Hà, Thái Bình",
        "Thái Bình",
        Sector.HANDICRAFTS,
        "Làng nghề chiếu cói Hới",
        "Chiếu cói, thảm cói, túi cói",
        "Đặng Văn Hới",
        "male",
        "Kinh",
        64,
        40,
        7_500,
        {},
    ),
    (
        "HTX Cói mỹ nghệ Tân Lễ",
        "cooperative",
        "Xã Tân Lễ, Huyện Hưng Hà, Thái Bình",
        "Thái Bình",
        Sector.HANDICRAFTS,
        "Làng nghề chiếu cói Hới",
        "Hàng cói mỹ nghệ",
        "Nguyễn Thị Mơ",
        "female",
        "Kinh",
        45,
        38,
        2_300,
        {},
    ),
    (
        "Tổ hợp tác mây tre đan Vũ Hội",
        "cooperative_group",
        "Xã Vũ Hội, Huyện Vũ Thư, Thái Bình",
        "Thái Bình",
        Sector.HANDICRAFTS,
        None,
        "Giỏ, lẵng mây tre",
        "Bùi Văn Khang",
        "male",
        "Kinh",
        22,
        15,
        650,
        {},
    ),
    (
        "Công ty TNHH Đúc đồng Lộng Thượng",
        "enterprise",
        "now:Xã Đại Đồng, Hưng Yên",
        "Hưng Yên",
        Sector.HANDICRAFTS,
        "Làng nghề đúc đồng Lộng Thượng",
        "Chuông, tượng, đồ thờ bằng đồng",
        "Lê Văn Đồng",
        "male",
        "Kinh",
        38,
        6,
        9_800,
        {},
    ),
    (
        "Công ty TNHH Tương Bần Hưng Yên",
        "enterprise",
        "Phường Bần Yên Nhân, Thị xã Mỹ Hào, Hưng Yên",
        "Hưng Yên",
        Sector.AGRO_PROCESSING,
        None,
        "Tương Bần, nước chấm",
        "Vũ Thị Thanh",
        "female",
        "Kinh",
        30,
        21,
        5_100,
        {},
    ),
    (
        "Hộ kinh doanh cơ khí Nguyễn Văn Hùng",
        "household_business",
        "now:Xã Mễ Sở, Hưng Yên",
        "Hưng Yên",
        Sector.MECHANICAL,
        None,
        "Máy tuốt lúa, máy thái chuối",
        "Nguyễn Văn Hùng",
        "male",
        "Kinh",
        9,
        1,
        1_200,
        {},
    ),
    (
        "Liên hiệp HTX Nông sản Phố Hiến",
        "cooperative_union",
        "now:Phường Phố Hiến, Hưng Yên",
        "Hưng Yên",
        Sector.AGRO_PROCESSING,
        None,
        "Long nhãn sấy, nhãn lồng đóng hộp",
        "Đào Minh Tâm",
        "male",
        "Kinh",
        56,
        33,
        12_400,
        {},
    ),
    (
        "Công ty TNHH Cơ khí nông nghiệp Thái Bình",
        "enterprise",
        "now:Phường Thái Bình, Hưng Yên",
        "Thái Bình",
        Sector.MECHANICAL,
        None,
        "Máy gặt đập liên hợp cỡ nhỏ, phụ tùng",
        "Hoàng Văn Nam",
        "male",
        "Kinh",
        72,
        9,
        18_600,
        {},
    ),
    (
        "HTX Gốm Phù Lãng",
        "cooperative",
        "Xã Phù Lãng, Thị xã Quế Võ, Bắc Ninh",
        "Bắc Ninh",
        Sector.HANDICRAFTS,
        "Làng gốm Phù Lãng",
        "Gốm sành nâu, gốm trang trí",
        "Vũ Văn Lãng",
        "male",
        "Kinh",
        48,
        20,
        3_900,
        {},
    ),
    (
        "Công ty TNHH Gốm mỹ nghệ Phù Lãng",
        "enterprise",
        "Xã Phù Lãng, Thị xã Quế Võ, Bắc Ninh",
        "Bắc Ninh",
        Sector.HANDICRAFTS,
        "Làng gốm Phù Lãng",
        "Bình, lọ, tranh gốm",
        "Nguyễn Thị Bích",
        "female",
        "Kinh",
        26,
        12,
        2_700,
        {},
    ),
    (
        "Công ty TNHH Đồ gỗ mỹ nghệ Đồng Kỵ",
        "enterprise",
        "Phường Đồng Kỵ, Thành phố Từ Sơn, Bắc Ninh",
        "Bắc Ninh",
        Sector.WOOD,
        None,
        "Đồ gỗ mỹ nghệ, bàn ghế",
        "Nguyễn Văn Kỵ",
        "male",
        "Kinh",
        95,
        14,
        26_000,
        {},
    ),
    (
        "Hộ kinh doanh đồ gỗ Nguyễn Văn Đức",
        "household_business",
        "Phường Phù Khê, Thành phố Từ Sơn, Bắc Ninh",
        None,
        Sector.WOOD,
        None,
        "Tủ, sập gỗ",
        "Nguyễn Văn Đức",
        "male",
        "Kinh",
        8,
        0,
        900,
        {"business_registration_no": "21C8004127"},
    ),
    (
        "HTX Mây tre đan Tăng Tiến",
        "cooperative",
        "Phường Tăng Tiến, Thị xã Việt Yên, Bắc Giang",
        "Bắc Giang",
        Sector.HANDICRAFTS,
        "Làng nghề mây tre đan Tăng Tiến",
        "Hàng mây tre đan xuất khẩu",
        "Thân Thị Hiền",
        "female",
        "Kinh",
        130,
        96,
        8_300,
        {},
    ),
    (
        "Công ty Cổ phần Vải thiều Vân Hà",
        "enterprise",
        "Xã Vân Hà, Huyện Việt Yên, Bắc Giang",
        "Bắc Giang",
        Sector.AGRO_PROCESSING,
        None,
        "Vải thiều sấy khô",
        "Giáp Văn Thiều",
        "male",
        "Kinh",
        40,
        25,
        6_700,
        {},
    ),
    (
        "HTX làng nghề chiếu cói Lật Dương",
        "cooperative",
        "district:Huyện Tiên Lãng, Hải Phòng",
        "Hải Phòng",
        Sector.HANDICRAFTS,
        "Làng nghề chiếu cói Lật Dương",
        "Chiếu cói",
        "Phạm Văn Dương",
        "male",
        "Kinh",
        60,
        42,
        1_800,
        {},
    ),
    (
        "Công ty TNHH Thương mại Dũng Hồng",
        "enterprise",
        "district:Huyện Tiên Lãng, Hải Phòng",
        "Hải Phòng",
        Sector.TEXTILES,
        None,
        "Hàng thêu ren móc chỉ",
        "Nguyễn Thị Hồng",
        "female",
        "Kinh",
        75,
        70,
        3_200,
        {},
    ),
    (
        "Công ty Cổ phần Gốm Chu Đậu",
        "enterprise",
        "Xã Thái Tân, Huyện Nam Sách, Hải Dương",
        "Hải Dương",
        Sector.HANDICRAFTS,
        "Làng nghề gốm Chu Đậu",
        "Gốm men lam, gốm mỹ thuật",
        "Lê Xuân Đậu",
        "male",
        "Kinh",
        110,
        60,
        21_500,
        {},
    ),
    (
        "Hộ kinh doanh tạc tượng Vũ Văn Tạc",
        "household_business",
        "now:Xã Vĩnh Bảo, Hải Phòng",
        None,
        Sector.WOOD,
        None,
        "Tượng gỗ",
        "Vũ Văn Tạc",
        "male",
        "Kinh",
        5,
        0,
        700,
        {"business_registration_no": "02K8001942"},
    ),
    (
        "Công ty TNHH Dệt thảm Vĩnh Bảo",
        "enterprise",
        "now:Xã Vĩnh Bảo, Hải Phòng",
        "Hải Phòng",
        Sector.TEXTILES,
        None,
        "Thảm len, thảm đay",
        "Đỗ Thị Thảm",
        "female",
        "Kinh",
        52,
        47,
        4_100,
        {},
    ),
    (
        "HTX Dệt thổ cẩm Buôn Ako Dhông",
        "cooperative",
        "Phường Tân Lợi, Thành phố Buôn Ma Thuột, Đắk Lắk",
        "Đắk Lắk",
        Sector.TEXTILES,
        "Làng nghề dệt thổ cẩm Buôn Ako Dhông",
        "Vải thổ cẩm, trang phục truyền thống",
        "H'Zuăn Niê",
        "female",
        "Ê Đê",
        35,
        35,
        950,
        {},
    ),
    (
        "Công ty TNHH Cà phê Ea Tu",
        "enterprise",
        "Xã Ea Tu, Thành phố Buôn Ma Thuột, Đắk Lắk",
        "Đắk Lắk",
        Sector.AGRO_PROCESSING,
        None,
        "Cà phê rang xay",
        "Y Khoa Niê",
        "male",
        "Ê Đê",
        28,
        11,
        7_900,
        {},
    ),
    (
        "Công ty TNHH Chế biến nông sản Krông Ana",
        "enterprise",
        "now:Xã Krông Ana, Đắk Lắk",
        "Đắk Lắk",
        Sector.AGRO_PROCESSING,
        None,
        "Hạt điều, tiêu sấy",
        "Trần Quốc Việt",
        "male",
        "Kinh",
        66,
        30,
        15_300,
        {},
    ),
    (
        "Hộ kinh doanh rèn Ma Văn Sơn",
        "household_business",
        "now:Xã Buôn Đôn, Đắk Lắk",
        "Đắk Lắk",
        Sector.MECHANICAL,
        None,
        "Dao, cuốc, nông cụ cầm tay",
        "Ma Văn Sơn",
        "male",
        "Tày",
        4,
        1,
        350,
        {},
    ),
    (
        "Công ty TNHH Nước mắm Hòa Vinh",
        "enterprise",
        "Phường Hòa Vinh, Thị xã Đông Hòa, Phú Yên",
        "Phú Yên",
        Sector.AGRO_PROCESSING,
        None,
        "Nước mắm cá cơm",
        "Lê Thị Vinh",
        "female",
        "Kinh",
        24,
        15,
        3_600,
        {},
    ),
    (
        "HTX Nón lá Sai Nga",
        "cooperative",
        "now:Xã Cẩm Khê, Phú Thọ",
        "Phú Thọ",
        Sector.HANDICRAFTS,
        "Làng nghề nón lá Sai Nga",
        "Nón lá",
        "Hà Thị Nga",
        "female",
        "Mường",
        70,
        66,
        1_100,
        {},
    ),
    (
        "Công ty Cổ phần Chè Thanh Sơn",
        "enterprise",
        "now:Xã Thanh Sơn, Phú Thọ",
        "Phú Thọ",
        Sector.AGRO_PROCESSING,
        None,
        "Chè xanh, chè đen",
        "Đinh Công Sơn",
        "male",
        "Mường",
        84,
        52,
        11_900,
        {},
    ),
    (
        "Công ty TNHH Cơ khí Hùng Lô",
        "enterprise",
        "Xã Hùng Lô, Thành phố Việt Trì, Phú Thọ",
        "Phú Thọ",
        Sector.MECHANICAL,
        None,
        "Lò sấy chè, máy vò chè",
        "Nguyễn Hùng Cường",
        "male",
        "Kinh",
        33,
        3,
        6_000,
        {},
    ),
    (
        "Cơ sở gạch thủ công Cẩm Khê",
        "household_business",
        "now:Xã Cẩm Khê, Phú Thọ",
        None,
        Sector.BUILDING_MATERIALS,
        None,
        "Gạch nung thủ công",
        "Phùng Văn Gạch",
        "male",
        "Kinh",
        0,
        0,
        400,
        {
            "business_registration_no": "18E8000077",
            "status": Establishment.Status.STOPPED,
            "stopped_on": datetime.date(2023, 6, 30),
        },
    ),
]

ARTISANS = [
    # full name, gender, birth year, title, year awarded, trade, establishment, village
    (
        "Nguyễn Văn Lộc",
        "male",
        1956,
        Artisan.Title.PEOPLES,
        2019,
        "Gốm sành nâu",
        "HTX Gốm Phù Lãng",
        "Làng gốm Phù Lãng",
    ),
    (
        "Phạm Thị Thêu",
        "female",
        1962,
        Artisan.Title.MERITORIOUS,
        2016,
        "Thêu ren",
        "Công ty TNHH Thêu ren Minh Lãng",
        "Làng nghề thêu ren Minh Lãng",
    ),
    (
        "Trần Văn Men",
        "male",
        1970,
        Artisan.Title.MERITORIOUS,
        2019,
        "Gốm men lam",
        "Công ty Cổ phần Gốm Chu Đậu",
        None,
    ),
    (
        "H'Bla Êban",
        "female",
        1965,
        Artisan.Title.PROVINCIAL,
        2018,
        "Dệt thổ cẩm",
        None,
        "Làng nghề dệt thổ cẩm Buôn Ako Dhông",
    ),
    (
        "Thân Văn Đan",
        "male",
        1958,
        Artisan.Title.PROVINCIAL,
        2014,
        "Mây tre đan",
        None,
        "Làng nghề mây tre đan Tăng Tiến",
    ),
    (
        "Hà Thị Lá",
        "female",
        1968,
        Artisan.Title.OTHER,
        2021,
        "Làm nón lá",
        "HTX Nón lá Sai Nga",
        "Làng nghề nón lá Sai Nga",
    ),
]


def _kinds() -> dict[str, EstablishmentKind]:
    return {k.code: k for k in EstablishmentKind.objects.all()}


def _villages(admin: User) -> dict[str, CraftVillage]:
    villages = {}
    for name, place, trade, year, decision, households, workers in VILLAGES:
        commune = _place(place)[0]
        villages[name] = services.craft_village_create(
            by=admin,
            name=name,
            commune=commune,
            trade=trade,
            year_recognised=year,
            decision_number=decision,
            decision_date=datetime.date(year, 9, 15),
            households=households,
            workers=workers,
        )
    return villages


def _establishments(admin: User, villages: dict[str, CraftVillage]) -> dict[str, Establishment]:
    kinds = _kinds()
    created = {}
    for number, row in enumerate(ESTABLISHMENTS):
        (name, kind, place, province_then, sector, village, products, person, gender) = row[:9]
        ethnicity, workers, women, revenue, extra = row[9:]
        commune, commune_then, district_then = _place(place)
        created[name] = services.establishment_create(
            by=admin,
            name=name,
            kind=kinds[kind],
            tax_code=tax_code(province_then) if province_then else "",
            commune=commune,
            commune_then=commune_then,
            district_then=district_then,
            craft_village=villages.get(village) if village else None,
            sector=sector,
            main_products=products,
            representative=person,
            representative_gender=gender,
            ethnicity=ethnicity,
            workers=workers,
            women_workers=women,
            address=f"{commune.full_name}" if commune else "",
            phone=f"09{12_345_000 + 137 * number:08d}",
            revenues=revenues(revenue),
            confirm_not_duplicate=True,
            **extra,
        )
    # A probable duplicate, recorded later by someone else, for the merge page to show.
    phu_lang = created["HTX Gốm Phù Lãng"]
    created["Hợp tác xã gốm Phù Lãng"] = services.establishment_create(
        by=admin,
        name="Hợp tác xã gốm Phù Lãng",
        kind=kinds["cooperative"],
        tax_code=tax_code("Bắc Ninh"),
        commune=phu_lang.commune,
        commune_then=phu_lang.commune_then,
        sector=Sector.HANDICRAFTS,
        main_products="Gốm sành",
        workers=40,
        women_workers=18,
        revenues={2022: 3_500_000_000, 2023: 3_650_000_000},
        confirm_not_duplicate=True,
    )
    return created


def _artisans(admin: User, establishments, villages) -> None:
    for name, gender, born, title, awarded, trade, establishment, village in ARTISANS:
        services.artisan_create(
            by=admin,
            full_name=name,
            gender=gender,
            birth_year=born,
            title=title,
            year_awarded=awarded,
            trade=trade,
            establishment=establishments.get(establishment) if establishment else None,
            craft_village=villages.get(village) if village else None,
        )


def _collaborators(admin: User) -> None:
    hung_yen = commune_now("Phường Phố Hiến, Hưng Yên").province
    account = User.objects.filter(username="congtacvien.hungyen").first()
    course = "Tập huấn nghiệp vụ khuyến công cho cộng tác viên"
    centre = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hưng Yên"
    people = [
        (
            "Vũ Đức Thắng",
            "male",
            list(account.communes.all()) if account else [],
            account,
            datetime.date(2023, 3, 1),
            None,
        ),
        (
            "Đỗ Thị Ngọc",
            "female",
            [commune_now(f"{n}, Hưng Yên") for n in ("Xã Thư Trì", "Xã Thư Vũ", "Xã Long Hưng")],
            None,
            datetime.date(2022, 1, 1),
            None,
        ),
        (
            "Trần Văn Khải",
            "male",
            [commune_now(f"{n}, Hưng Yên") for n in ("Xã Đại Đồng", "Phường Mỹ Hào", "Xã Mễ Sở")],
            None,
            datetime.date(2024, 5, 15),
            None,
        ),
        (
            "Lê Thị Mến",
            "female",
            [commune_now(f"{n}, Hưng Yên") for n in ("Phường Thái Bình", "Phường Sơn Nam")],
            None,
            datetime.date(2020, 7, 1),
            datetime.date(2024, 12, 31),
        ),
    ]
    for full_name, gender, communes, user, start, end in people:
        services.collaborator_create(
            by=admin,
            full_name=full_name,
            gender=gender,
            province=hung_yen,
            communes=communes,
            user=user,
            active_from=start,
            active_to=end,
            trainings=[
                {"date": datetime.date(start.year, 10, 20), "course": course, "organiser": centre}
            ],
        )
    for full_name, gender, commune in (
        ("Nguyễn Văn Bình", "male", "Xã Phù Lãng, Bắc Ninh"),
        ("H'Nga Byă", "female", "Phường Buôn Ma Thuột, Đắk Lắk"),
    ):
        place = commune_now(commune)
        services.collaborator_create(
            by=admin,
            full_name=full_name,
            gender=gender,
            province=place.province,
            communes=[place],
            active_from=datetime.date(2024, 1, 1),
        )


def load_demo_registry() -> dict[str, int]:
    """Create the registry's demo data; needs the demo accounts (the `admin` user)."""
    admin = User.objects.get(username="admin")
    villages = _villages(admin)
    establishments = _establishments(admin, villages)
    _artisans(admin, establishments, villages)
    _collaborators(admin)
    portal_user = User.objects.filter(username="coso.demo").first()
    if portal_user is not None:
        with acting_as(admin):
            portal_user.establishment = establishments["Công ty TNHH Thêu ren Minh Lãng"]
            portal_user.save(update_fields=["establishment"])
    return {"craft villages": len(villages), "establishments": len(establishments)}
