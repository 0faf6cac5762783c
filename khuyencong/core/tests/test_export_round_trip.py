"""What is exported re-imports unchanged; exports hold the filtered rows within scope only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory, current_province
from khuyencong.core.tests.importing import read_xlsx, sheet_names, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory(role=Role.PROVINCIAL_MANAGER)
    client.force_login(user)
    return user


@pytest.fixture
def organisations(manager):
    commune = manager.province.communes.filter(valid_to__isnull=True).order_by("code").first()
    return [
        OrganisationFactory(
            name="Trung tâm Khuyến công =SUM",
            province=manager.province,
            commune=commune,
            phone="0221 3863 111",
            email="ttkc@hungyen.gov.vn",
        ),
        OrganisationFactory(
            name="Hợp tác xã Thái Bình",
            province=manager.province,
            is_active=False,
            kind=Organisation.Kind.IMPLEMENTING_UNIT,
        ),
        OrganisationFactory(name="Trung tâm Bắc Ninh", province=current_province("Bắc Ninh")),
    ]


def _reimport(client, data, name):
    response = client.post(
        reverse("core:import", args=["organisations"]), {"file": SimpleUploadedFile(name, data)}
    )
    return response.context["result"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reimports_with_no_change(client, organisations, fmt):
    response = client.get(reverse("core:export", args=["organisations"]), {"format": fmt})
    assert response.status_code == 200
    result = _reimport(client, response.content, f"export.{fmt}")
    assert result.ok, [r.errors for r in result.rows]
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


def test_an_edited_export_updates_only_the_changed_row(client, organisations):
    rows = read_xlsx(client.get(reverse("core:export", args=["organisations"])).content)
    phone = rows[0].index("Điện thoại")
    rows[1][phone] = "0221 999 999"
    result = _reimport(client, xlsx(rows), "edited.xlsx")
    assert result.counts["updated"] == 1 and result.counts["unchanged"] == 1


def test_export_has_vietnamese_headers_real_values_and_instructions(client, organisations):
    data = client.get(reverse("core:export", args=["organisations"])).content
    rows = read_xlsx(data)
    assert rows[0][:3] == ["Mã hệ thống", "Tên", "Tên viết tắt"]
    assert isinstance(rows[1][0], int)
    assert "Hướng dẫn" in sheet_names(data)


def test_export_holds_only_the_filtered_rows_in_scope(client, organisations):
    rows = read_xlsx(client.get(reverse("core:export", args=["organisations"])).content)
    names = {r[1] for r in rows[1:]}
    assert names == {"Trung tâm Khuyến công =SUM", "Hợp tác xã Thái Bình"}  # not Bắc Ninh's
    rows = read_xlsx(
        client.get(reverse("core:export", args=["organisations"]), {"q": "thai binh"}).content
    )
    assert [r[1] for r in rows[1:]] == ["Hợp tác xã Thái Bình"]


def test_another_provinces_officer_can_neither_export_nor_import_into_your_rows(
    client, organisations
):
    other = UserFactory(role=Role.PROVINCIAL_MANAGER, province=current_province("Bắc Ninh"))
    mine = read_xlsx(client.get(reverse("core:export", args=["organisations"])).content)
    client.force_login(other)
    theirs = read_xlsx(client.get(reverse("core:export", args=["organisations"])).content)
    assert {r[1] for r in theirs[1:]} == {"Trung tâm Bắc Ninh"}
    mine[1][mine[0].index("Điện thoại")] = "bị sửa"
    result = _reimport(client, xlsx(mine), "stolen.xlsx")
    assert result.counts["rejected"] == 2 and not result.committed
    assert Organisation.objects.get(pk=organisations[0].pk).phone == "0221 3863 111"


def test_template_has_the_headers_and_an_instructions_sheet(client, manager):
    data = client.get(reverse("core:import_template", args=["organisations"])).content
    rows = read_xlsx(data)
    assert rows == [
        [
            "Mã hệ thống",
            "Tên",
            "Tên viết tắt",
            "Loại",
            "Tỉnh/thành phố",
            "Xã/phường",
            "Địa chỉ",
            "Điện thoại",
            "Thư điện tử",
            "Đang hoạt động",
        ]
    ]
    assert sheet_names(data) == ["Cơ quan, đơn vị", "Hướng dẫn"]
