"""The registry's rows go through the shared import/export framework: round trips, updates by
tax code, old place names, duplicates, bad values and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory, current_province
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.registry.models import Collaborator, Establishment
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

pytestmark = pytest.mark.django_db
SLUGS = ["establishments", "craft-villages", "artisans", "collaborators"]


def _export(client, slug, **params):
    response = client.get(reverse("core:export", args=[slug]), params)
    assert response.status_code == 200
    return response.content


def _import(client, slug, data, name="file.xlsx"):
    response = client.post(
        reverse("core:import", args=[slug]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    return response.context["result"], response.context["token"]


def _commit(client, slug, data):
    result, token = _import(client, slug, data)
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    assert (
        client.post(reverse("core:import_commit", args=[slug]), {"token": token}).status_code == 302
    )
    return result


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reimports_with_no_change(client, world, slug, fmt):
    client.force_login(world.users["manager"])
    data = _export(client, slug, format=fmt)
    result, _ = _import(client, slug, data, f"export.{fmt}")
    assert result.ok, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


@pytest.mark.parametrize("slug", SLUGS)
def test_another_provinces_officer_can_neither_export_nor_import_into_your_rows(
    client, world, slug
):
    client.force_login(world.users["manager"])
    mine = read_xlsx(_export(client, slug))
    client.force_login(world.users["other_officer"])
    theirs = read_xlsx(_export(client, slug))
    assert len(theirs) == 2  # header + Bắc Ninh's own row
    assert not {r[0] for r in mine[1:]} & {r[0] for r in theirs[1:]}
    result, token = _import(client, slug, xlsx(mine))
    assert token is None and result.counts["rejected"] == 2


@pytest.mark.parametrize("slug", SLUGS)
def test_viewers_may_export_but_not_import(client, world, slug):
    client.force_login(world.users["viewer_province"])
    assert client.get(reverse("core:export", args=[slug])).status_code == 200
    assert client.get(reverse("core:import", args=[slug])).status_code == 403


HEADERS = [
    "Tên",
    "Loại",
    "Mã số thuế",
    "Tỉnh/thành phố",
    "Xã/phường",
    "Đơn vị hành chính trước 1/7/2025",
    "Số lao động",
    "Số lao động nữ",
]


@pytest.fixture
def hai_phong_officer(client):
    user = UserFactory(role=Role.PROVINCIAL_OFFICER, province=current_province("Hải Phòng"))
    client.force_login(user)
    return user


def test_new_establishments_with_old_place_names_are_created(client, hai_phong_officer):
    commune = commune_of("Hải Phòng", 3)
    rows = [
        HEADERS,
        [
            "HTX làng nghề chiếu cói Lật Dương",
            "Hợp tác xã",
            "0200111222",
            "Hải Phòng",
            commune.full_name,
            "Huyện Tiên Lãng, Hải Phòng",
            "1.250",
            900,
        ],
        [
            "Công ty TNHH Thương mại Dũng Hồng",
            "doanh nghiep",
            "0200333444",
            "hai phong",
            commune.name,
            "Huyện Tiên Lãng, Hải Phòng",
            45,
            40,
        ],
    ]
    _commit(client, "establishments", xlsx(rows))
    coop = Establishment.objects.get(tax_code="0200111222")
    assert coop.workers == 1250 and coop.commune == commune
    assert coop.district_then.name == "Tiên Lãng" and coop.province_then.name == "Hải Phòng"
    assert coop.province.name == "Hải Phòng" and coop.province.valid_to is None


def test_a_row_with_a_known_tax_code_updates_that_establishment(client, hai_phong_officer):
    commune = commune_of("Hải Phòng", 0)
    existing = EstablishmentFactory(
        name="Công ty Cũ", tax_code="0200555666", commune=commune, workers=5, women_workers=1
    )
    rows = [
        [*HEADERS[:5], "Số lao động"],
        ["Công ty Cũ", "Doanh nghiệp", "0200555666", "Hải Phòng", commune.full_name, 50],
    ]
    result = _commit(client, "establishments", xlsx(rows))
    assert result.counts["updated"] == 1
    existing.refresh_from_db()
    assert existing.workers == 50


def test_bad_values_are_listed_by_row_and_column_and_nothing_is_saved(client, hai_phong_officer):
    commune = commune_of("Hải Phòng", 0)
    rows = [
        HEADERS,
        ["Cơ sở A", "Doanh nghiệp", "12345", "Hải Phòng", commune.full_name, "", 10, 2],
        ["Cơ sở B", "Doanh nghiệp", "0200777888", "Hải Phòng", commune.full_name, "", 10, 20],
        [
            "Cơ sở C",
            "Doanh nghiệp",
            "0200999000",
            "Hải Phòng",
            commune.full_name,
            "Huyện Không Có",
            "1,5",
            0,
        ],
        ["Cơ sở D", "Doanh nghiệp", "0200999000", "Hải Phòng", commune.full_name, "", 3, 0],
    ]
    result, token = _import(client, "establishments", xlsx(rows))
    assert token is None
    errors = {(r.number, column) for r in result.error_rows for column, _ in r.errors}
    assert (2, "Mã số thuế") in errors
    assert any(number == 3 for number, _ in errors)  # more women than workers
    assert (4, "Đơn vị hành chính trước 1/7/2025") in errors and (4, "Số lao động") in errors
    assert (5, "Mã số thuế") in errors  # same tax code as row 4 of the file
    assert not Establishment.objects.filter(name__startswith="Cơ sở ").exists()


def test_a_probable_duplicate_needs_confirmation(client, hai_phong_officer):
    commune = commune_of("Hải Phòng", 0)
    EstablishmentFactory(
        name="Công ty TNHH Mây tre Hòa Bình", tax_code="0200123123", commune=commune
    )
    rows = [
        [*HEADERS[:5], "Xác nhận không trùng"],
        ["Cty Mây Tre Hoà Bình", "Doanh nghiệp", "0200456456", "Hải Phòng", commune.full_name, ""],
    ]
    result, token = _import(client, "establishments", xlsx(rows))
    assert token is None and "Công ty TNHH Mây tre Hòa Bình" in str(result.error_rows[0].errors)
    rows[1][-1] = "Có"
    _commit(client, "establishments", xlsx(rows))
    assert Establishment.objects.filter(name="Cty Mây Tre Hoà Bình").exists()


def test_collaborators_cover_several_communes_from_one_cell(client, world):
    client.force_login(world.users["manager"])
    first, second = commune_of("Hưng Yên", 2), commune_of("Hưng Yên", 3)
    rows = [
        ["Họ và tên", "Tỉnh/thành phố", "Các xã/phường phụ trách", "Hoạt động từ ngày"],
        ["Lê Thị Hoa", "Hưng Yên", f"{first.full_name}; {second.full_name}", "01/02/2024"],
    ]
    _commit(client, "collaborators", xlsx(rows))
    hoa = Collaborator.objects.get(full_name="Lê Thị Hoa")
    assert set(hoa.communes.all()) == {first, second}
    assert hoa.active_from.isoformat() == "2024-02-01"
