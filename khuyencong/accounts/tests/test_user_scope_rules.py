import pytest
from django.core.exceptions import ValidationError

from khuyencong.accounts import services
from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import current_province
from khuyencong.geo.models import Commune

pytestmark = pytest.mark.django_db


def test_provincial_roles_need_a_province_and_national_roles_none():
    with pytest.raises(ValidationError) as err:
        services.user_create(by=None, username="a", password="x", role=Role.PROVINCIAL_OFFICER)
    assert "province" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.user_create(
            by=None,
            username="b",
            password="x",
            role=Role.MINISTRY_OFFICER,
            province=current_province("Hưng Yên"),
        )
    assert not User.objects.filter(username__in=["a", "b"]).exists()


def test_collaborator_communes_must_be_current_and_in_their_province():
    hung_yen = current_province("Hưng Yên")
    bac_ninh_commune = (
        Commune.objects.current().filter(province=current_province("Bắc Ninh")).first()
    )
    with pytest.raises(ValidationError) as err:
        services.user_create(
            by=None,
            username="c",
            password="x",
            role=Role.COLLABORATOR,
            province=hung_yen,
            communes=[bac_ninh_commune],
        )
    assert "communes" in err.value.message_dict
    old_commune = Commune.objects.before_reform().first()
    with pytest.raises(ValidationError):
        services.user_create(
            by=None,
            username="d",
            password="x",
            role=Role.COLLABORATOR,
            province=hung_yen,
            communes=[old_commune],
        )
    own = list(Commune.objects.current().filter(province=hung_yen)[:2])
    user = services.user_create(
        by=None, username="e", password="x", role=Role.COLLABORATOR, province=hung_yen, communes=own
    )
    assert set(user.communes.all()) == set(own)


def test_old_province_is_refused():
    from khuyencong.geo.models import Province

    old = Province.objects.before_reform().get(name="Thái Bình")
    with pytest.raises(ValidationError):
        services.user_create(by=None, username="f", password="x", role=Role.VIEWER, province=old)
