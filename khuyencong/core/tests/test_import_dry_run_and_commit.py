"""Dry run lists every error by row and column; commit saves all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory
from khuyencong.core.models import ChangeRecord
from khuyencong.core.tests.importing import xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["Tên", "Loại", "Tỉnh/thành phố", "Xã/phường", "Đang hoạt động"]


@pytest.fixture
def manager(client):
    user = UserFactory(role=Role.PROVINCIAL_MANAGER)
    client.force_login(user)
    return user


def _upload(client, data, name="dv.xlsx"):
    return client.post(
        reverse("core:import", args=["organisations"]), {"file": SimpleUploadedFile(name, data)}
    )


def test_dry_run_lists_errors_by_row_and_column_and_saves_nothing(client, manager):
    data = xlsx(
        [
            HEADERS,
            ["Trung tâm 1", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên", "Phường Phố Hiến", "Có"],
            ["", "Không có loại này", "Hưng Yên", "", "có lẽ"],
            ["Trung tâm 3", "Trung tâm Khuyến công cấp tỉnh", "Bắc Ninh", "", "Có"],
            ["Trung tâm 4", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên", "Xã Không Tồn Tại", "Có"],
        ]
    )
    response = _upload(client, data)
    result = response.context["result"]
    errors = {(r.number, column) for r in result.error_rows for column, _ in r.errors}
    assert (3, "Tên") in errors and (3, "Loại") in errors and (3, "Đang hoạt động") in errors
    assert (5, "Xã/phường") in errors
    assert any(r.number == 4 for r in result.error_rows)  # another province: refused by the service
    assert result.counts == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 3}
    assert response.context["token"] is None
    assert not Organisation.objects.filter(name__startswith="Trung tâm ").exists()
    assert "Nothing was saved" not in response.content.decode()
    assert "Chưa lưu dữ liệu nào" in response.content.decode()


def test_a_clean_file_is_saved_only_on_confirmation_with_history(client, manager):
    data = xlsx(
        [
            HEADERS,
            ["Trung tâm 1", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên", "Phường Phố Hiến", "Có"],
            ["Trường Nghề 2", "Đơn vị thực hiện khác", "Thái Bình", "", "Không"],
        ]
    )
    response = _upload(client, data)
    token = response.context["token"]
    assert token and not Organisation.objects.filter(name="Trung tâm 1").exists()
    response = client.post(reverse("core:import_commit", args=["organisations"]), {"token": token})
    assert response.status_code == 302
    first = Organisation.objects.get(name="Trung tâm 1")
    second = Organisation.objects.get(name="Trường Nghề 2")
    assert (
        first.commune.name == "Phố Hiến" and second.province == manager.province
    )  # Thái Bình → Hưng Yên
    assert not second.is_active
    assert ChangeRecord.objects.filter(object_id=first.pk, user=manager, action="create").exists()
    again = client.post(reverse("core:import_commit", args=["organisations"]), {"token": token})
    assert again.status_code == 302 and Organisation.objects.filter(name="Trung tâm 1").count() == 1


def test_commit_is_all_or_nothing_when_the_data_changed_after_the_dry_run(client, manager):
    data = xlsx(
        [
            HEADERS,
            ["Trung tâm X", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên", "", "Có"],
            ["Trung tâm Y", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên", "", "Có"],
        ]
    )
    token = _upload(client, data).context["token"]
    OrganisationFactory(name="Trung tâm Y", province=manager.province)  # someone else, meanwhile
    response = client.post(reverse("core:import_commit", args=["organisations"]), {"token": token})
    assert response.status_code == 200
    assert response.context["result"].counts["rejected"] == 1
    assert not Organisation.objects.filter(name="Trung tâm X").exists()


def test_repeated_key_within_the_file_is_reported(client, manager):
    org = OrganisationFactory(province=manager.province)
    data = xlsx(
        [
            ["Mã hệ thống", *HEADERS],
            [org.pk, "A", "Đơn vị thực hiện khác", "Hưng Yên", "", "Có"],
            [org.pk, "B", "Đơn vị thực hiện khác", "Hưng Yên", "", "Có"],
        ]
    )
    result = _upload(client, data).context["result"]
    assert [r.number for r in result.error_rows] == [3]


def test_viewer_cannot_import_or_download_the_template(client):
    client.force_login(UserFactory(role=Role.VIEWER))
    assert client.get(reverse("core:import", args=["organisations"])).status_code == 403
    assert client.get(reverse("core:import_template", args=["organisations"])).status_code == 403
    assert client.get(reverse("core:import", args=["no-such-thing"])).status_code == 404
