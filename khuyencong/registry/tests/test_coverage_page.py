"""The coverage page: every commune of a province today with its active collaborators; the
communes without one, counts and the share covered; in two queries whatever the size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.geo.models import Commune
from khuyencong.registry.tests.factories import CollaboratorFactory, commune_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_yen_cover(world):
    """Besides the world's two Hưng Yên collaborators (communes 0 and 1): one more active
    covering communes 1 and 2, one who stopped and one not yet started."""
    c1, c2, c3, c4 = (commune_of("Hưng Yên", i) for i in (1, 2, 3, 4))
    CollaboratorFactory(full_name="Người thứ ba", province=world.hung_yen, communes=[c1, c2])
    CollaboratorFactory(
        full_name="Đã nghỉ",
        province=world.hung_yen,
        communes=[c3],
        active_to=datetime.date(2024, 12, 31),
    )
    CollaboratorFactory(
        full_name="Chưa bắt đầu",
        province=world.hung_yen,
        communes=[c4],
        active_from=timezone.localdate() + datetime.timedelta(days=30),
    )
    return Commune.objects.current().filter(province=world.hung_yen).count()


def test_counts_and_gaps_of_the_officers_province(client, world, hung_yen_cover):
    client.force_login(world.users["officer"])
    response = client.get(reverse("registry:coverage"))
    coverage = response.context["coverage"]
    assert coverage.province == world.hung_yen
    assert coverage.total == hung_yen_cover
    assert coverage.covered == 3 and coverage.uncovered == hung_yen_cover - 3
    assert coverage.collaborators == 3
    assert round(coverage.share, 1) == round(300 / hung_yen_cover, 1)
    by_commune = {row.commune.pk: [c.full_name for c in row.collaborators] for row in coverage.rows}
    assert by_commune[commune_of("Hưng Yên", 1).pk] == ["Cộng tác viên Xã Khác", "Người thứ ba"]
    assert by_commune[commune_of("Hưng Yên", 3).pk] == []
    body = response.content.decode()
    assert body.count("table-warning") == hung_yen_cover - 3
    gaps = client.get(reverse("registry:coverage"), {"gaps": "1"}).context["rows"]
    assert len(gaps) == hung_yen_cover - 3 and all(not row.collaborators for row in gaps)


def test_provincial_users_cannot_open_another_province(client, world):
    client.force_login(world.users["officer"])
    response = client.get(reverse("registry:coverage"), {"province": world.bac_ninh.pk})
    assert response.status_code == 404
    client.force_login(world.users["collaborator"])
    assert client.get(reverse("registry:coverage")).context["coverage"].province == world.hung_yen
    client.force_login(world.users["establishment"])
    assert client.get(reverse("registry:coverage")).status_code == 403


def test_national_users_choose_the_province_and_see_every_share(client, world, hung_yen_cover):
    client.force_login(world.users["ministry"])
    overview = client.get(reverse("registry:coverage")).context["overview"]
    assert len(overview) == 34
    rows = {row["name"]: row for row in overview}
    assert rows["Hưng Yên"]["covered"] == 3 and rows["Hưng Yên"]["total"] == hung_yen_cover
    assert rows["Bắc Ninh"]["covered"] == 1
    response = client.get(reverse("registry:coverage"), {"province": world.bac_ninh.pk})
    assert response.context["coverage"].covered == 1


def test_queries_do_not_grow_with_collaborators(client, world, django_assert_max_num_queries):
    client.force_login(world.users["officer"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("registry:coverage"))
    for i in range(10):
        CollaboratorFactory(province=world.hung_yen, communes=[commune_of("Hưng Yên", 5 + i)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("registry:coverage"))
    client.force_login(world.users["ministry"])
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:coverage"))
