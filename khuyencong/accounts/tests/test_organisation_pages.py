import pytest
from django.urls import reverse

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory, current_province
from khuyencong.core.selectors import history_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory(role=Role.PROVINCIAL_MANAGER)
    client.force_login(user)
    return user


def test_manager_creates_an_organisation_in_their_province(client, manager):
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "Trường Cao đẳng Nghề Thái Bình",
            "kind": "implementing_unit",
            "province": manager.province_id,
            "is_active": "on",
        },
    )
    org = Organisation.objects.get(name="Trường Cao đẳng Nghề Thái Bình")
    assert response.status_code == 302
    assert org.province_id == manager.province_id
    assert history_of(org).get().user == manager


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(client, manager):
    OrganisationFactory(name="Trung tâm trùng", province=manager.province)
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "Trung tâm trùng",
            "kind": "extension_centre",
            "province": manager.province_id,
            "email": "khong-phai-email",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert Organisation.objects.filter(name="Trung tâm trùng").count() == 1
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "Trung tâm trùng", "kind": "extension_centre", "province": manager.province_id},
    )
    assert "Đã có đơn vị cùng tên" in response.content.decode()
    assert Organisation.objects.filter(name="Trung tâm trùng").count() == 1


def test_a_commune_of_another_province_is_refused(client):
    admin = UserFactory(role=Role.ADMIN, province=None)
    client.force_login(admin)
    bac_ninh = current_province("Bắc Ninh")
    hung_yen_commune = current_province("Hưng Yên").communes.filter(valid_to__isnull=True).first()
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "UBND xã lạ",
            "kind": "peoples_committee",
            "province": bac_ninh.pk,
            "commune": hung_yen_commune.pk,
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="UBND xã lạ").exists()


def test_concurrent_edit_is_reported_not_overwritten(client, manager):
    org = OrganisationFactory(province=manager.province, phone="1")
    url = reverse("accounts:organisation_edit", args=[org.pk])
    data = {"name": org.name, "kind": org.kind, "province": org.province_id, "version": 1}
    assert client.post(url, {**data, "phone": "2"}).status_code == 302
    response = client.post(url, {**data, "phone": "3"})
    assert response.status_code == 200
    assert "Người khác đã lưu" in response.content.decode()
    assert Organisation.objects.get(pk=org.pk).phone == "2"


def test_search_ignores_diacritics_and_list_is_sorted(client, manager):
    OrganisationFactory(name="Hợp tác xã Thái Bình", province=manager.province)
    OrganisationFactory(name="Công ty Khác", province=manager.province)
    response = client.get(reverse("accounts:organisation_list"), {"q": "thai binh"})
    names = [o.name for o in response.context["page_obj"]]
    assert names == ["Hợp tác xã Thái Bình"]
    response = client.get(reverse("accounts:organisation_list"), {"sort": "-name"})
    names = [o.name for o in response.context["page_obj"]]
    assert names == sorted(names, reverse=True)


def test_detail_shows_the_history_timeline(client, manager):
    org = OrganisationFactory(province=manager.province, phone="1")
    org.phone = "0221 3862 555"
    org.save()
    body = client.get(reverse("accounts:organisation_detail", args=[org.pk])).content.decode()
    assert 'id="timeline"' in body and "0221 3862 555" in body


def test_list_and_detail_query_counts_do_not_grow_with_rows(
    client, manager, django_assert_max_num_queries
):
    for i in range(3):
        OrganisationFactory(name=f"Đơn vị {i}", province=manager.province)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:organisation_list"))
    for i in range(30):
        OrganisationFactory(name=f"Đơn vị thêm {i}", province=manager.province)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:organisation_list"))
    org = OrganisationFactory(province=manager.province)
    for i in range(10):
        org.phone = str(i)
        org.save()
    with django_assert_max_num_queries(14):
        client.get(reverse("accounts:organisation_detail", args=[org.pk]))
