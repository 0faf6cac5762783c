"""Every registry page renders with the demo data, for an administrator and a provincial
officer (a smoke test of templates, filters and links)."""

import pytest
from django.urls import reverse

from khuyencong.accounts.models import User
from khuyencong.core.demo import load_demo
from khuyencong.registry.models import Artisan, Collaborator, CraftVillage, Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


@pytest.mark.parametrize("username", ["admin", "canbo.hungyen", "congtacvien.hungyen"])
def test_every_page_renders(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    urls = [
        reverse("home"),
        reverse("registry:establishment_list"),
        reverse("registry:establishment_list") + "?merged=include&sort=-workers",
        reverse("registry:craft_village_list") + "?sort=establishments",
        reverse("registry:artisan_list"),
        reverse("registry:collaborator_list") + "?active=true",
        reverse("registry:coverage"),
        reverse("registry:establishment_create"),
    ]
    for model, name in (
        (Establishment, "establishment"),
        (CraftVillage, "craft_village"),
        (Artisan, "artisan"),
        (Collaborator, "collaborator"),
    ):
        row = model.objects.filter(province=user.province).first() if user.province else None
        row = row or model.objects.first()
        urls.append(reverse(f"registry:{name}_detail", args=[row.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if user.role != "collaborator":
            assert response.status_code == 200, url


def test_admin_sees_edit_and_merge_pages(client, demo):
    client.force_login(User.objects.get(username="admin"))
    establishment = Establishment.objects.get(name="HTX Gốm Phù Lãng")
    duplicate = Establishment.objects.get(name="Hợp tác xã gốm Phù Lãng")
    for url in (
        reverse("registry:establishment_edit", args=[establishment.pk]),
        reverse("registry:craft_village_edit", args=[CraftVillage.objects.first().pk]),
        reverse("registry:artisan_edit", args=[Artisan.objects.first().pk]),
        reverse("registry:collaborator_edit", args=[Collaborator.objects.first().pk]),
        reverse("registry:coverage") + f"?province={establishment.province_id}",
        reverse("registry:establishment_merge")
        + f"?source={duplicate.pk}&target={establishment.pk}",
    ):
        assert client.get(url).status_code == 200, url
