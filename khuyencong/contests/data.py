"""Data tables the contests module ships: the default scoring sheet and the regions.

Both are marked (verify): the exact split of the 100 points between the sub-criteria and the
provinces of each region are not confirmed against Circular 26/2014/TT-BCT as amended by
14/2018/TT-BCT and 38/2025/TT-BCT. Administrators adjust a round's sheet when it is created.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from khuyencong.core.text import fold

# (verify) The four criteria groups are those of the circular; the sub-criteria and their points
# are a working split summing to 100, to be checked against the circular's annex.
DEFAULT_SHEET: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    (
        _("Market and production capacity"),
        (
            (_("Production scale and capacity to produce in quantity"), 10),
            (_("Market share, sales and distribution channels"), 10),
            (_("Revenue and growth of the product"), 5),
            (_("Brand, trademark and quality management"), 5),
        ),
    ),
    (
        _("Economic, technical, social and environmental"),
        (
            (_("Economic efficiency of the product"), 10),
            (_("Technology, equipment and technical quality"), 10),
            (_("Jobs and incomes for rural workers"), 5),
            (_("Use of local raw materials"), 5),
            (_("Environmental protection and safety"), 5),
        ),
    ),
    (
        _("Cultural and aesthetic"),
        (
            (_("Cultural identity and local tradition"), 10),
            (_("Design, form and aesthetics"), 10),
            (_("Creativity and uniqueness"), 5),
        ),
    ),
    (
        _("Other"),
        (
            (_("Packaging and labelling"), 5),
            (_("Suitability as a gift or souvenir and other merits"), 5),
        ),
    ),
)
DEFAULT_SHEET_TOTAL = 100
DEFAULT_PASS_MARK = 70  # (verify)
DEFAULT_CERTIFICATE_YEARS = 3  # (verify)

# (verify) The three regions of the regional level (since 1/7/2025), by today's 34 provinces.
REGION_PROVINCES: dict[str, tuple[str, ...]] = {
    "north": (
        "Hà Nội",
        "Cao Bằng",
        "Điện Biên",
        "Lai Châu",
        "Lạng Sơn",
        "Sơn La",
        "Quảng Ninh",
        "Tuyên Quang",
        "Lào Cai",
        "Thái Nguyên",
        "Phú Thọ",
        "Bắc Ninh",
        "Hưng Yên",
        "Hải Phòng",
        "Ninh Bình",
    ),
    "central": (
        "Thanh Hóa",
        "Nghệ An",
        "Hà Tĩnh",
        "Quảng Trị",
        "Huế",
        "Đà Nẵng",
        "Quảng Ngãi",
        "Gia Lai",
        "Khánh Hòa",
        "Đắk Lắk",
        "Lâm Đồng",
    ),
    "south": (
        "Hồ Chí Minh",
        "Đồng Nai",
        "Tây Ninh",
        "Cần Thơ",
        "Vĩnh Long",
        "Đồng Tháp",
        "Cà Mau",
        "An Giang",
    ),
}


def _key(name: str) -> str:
    key = fold(name)
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key.strip()


_REGION_OF = {_key(name): region for region, names in REGION_PROVINCES.items() for name in names}


def region_of(province) -> str | None:
    """The region ("north", "central", "south") of a province, by its name; None if unknown."""
    if province is None:
        return None
    return _REGION_OF.get(_key(province.name))
