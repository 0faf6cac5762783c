"""A small world for the registry tests: rows in the user's commune, in another commune of the
same province, and in another province; one user per role."""

from dataclasses import dataclass

import pytest

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory, current_province
from khuyencong.registry.tests.factories import (
    ArtisanFactory,
    CollaboratorFactory,
    CraftVillageFactory,
    EstablishmentFactory,
    commune_of,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users sign in with force_login; hashing their factory passwords slowly buys nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    hung_yen: object
    bac_ninh: object
    my_commune: object
    other_commune: object
    bn_commune: object
    rows: dict
    users: dict


@pytest.fixture
def world():
    hung_yen = current_province("Hưng Yên")
    bac_ninh = current_province("Bắc Ninh")
    my_commune = commune_of("Hưng Yên", 0)
    other_commune = commune_of("Hưng Yên", 1)
    bn_commune = commune_of("Bắc Ninh", 0)

    villages = {
        "own_commune": CraftVillageFactory(name="Làng nghề Mây Của Tôi", commune=my_commune),
        "other_commune": CraftVillageFactory(name="Làng nghề Gốm Xã Khác", commune=other_commune),
        "other": CraftVillageFactory(name="Làng nghề Đồng Bắc Ninh", commune=bn_commune),
    }
    establishments = {
        "own_commune": EstablishmentFactory(name="HTX Mây tre Của Tôi", commune=my_commune),
        "other_commune": EstablishmentFactory(name="Công ty Gốm Xã Khác", commune=other_commune),
        "other": EstablishmentFactory(name="Công ty Đồng Bắc Ninh", commune=bn_commune),
    }
    artisans = {
        key: ArtisanFactory(full_name=f"Nghệ nhân {label}", establishment=establishments[key])
        for key, label in (
            ("own_commune", "Mây Của Tôi"),
            ("other_commune", "Gốm Xã Khác"),
            ("other", "Đồng Bắc Ninh"),
        )
    }
    collaborators = {
        "own_commune": CollaboratorFactory(
            full_name="Cộng tác viên Của Tôi", province=hung_yen, communes=[my_commune]
        ),
        "other_commune": CollaboratorFactory(
            full_name="Cộng tác viên Xã Khác", province=hung_yen, communes=[other_commune]
        ),
        "other": CollaboratorFactory(
            full_name="Cộng tác viên Bắc Ninh", province=bac_ninh, communes=[bn_commune]
        ),
    }
    users = {
        "admin": UserFactory(role=Role.ADMIN, province=None),
        "ministry": UserFactory(role=Role.MINISTRY_OFFICER, province=None),
        "manager": UserFactory(role=Role.PROVINCIAL_MANAGER, province=hung_yen),
        "officer": UserFactory(role=Role.PROVINCIAL_OFFICER, province=hung_yen),
        "collaborator": UserFactory(
            role=Role.COLLABORATOR, province=hung_yen, communes=[my_commune]
        ),
        "establishment": UserFactory(
            role=Role.ESTABLISHMENT, province=None, establishment=establishments["own_commune"]
        ),
        "viewer_province": UserFactory(role=Role.VIEWER, province=hung_yen),
        "viewer_country": UserFactory(role=Role.VIEWER, province=None),
        "other_officer": UserFactory(role=Role.PROVINCIAL_OFFICER, province=bac_ninh),
    }
    return World(
        hung_yen=hung_yen,
        bac_ninh=bac_ninh,
        my_commune=my_commune,
        other_commune=other_commune,
        bn_commune=bn_commune,
        rows={
            "establishment": establishments,
            "craft_village": villages,
            "artisan": artisans,
            "collaborator": collaborators,
        },
        users=users,
    )
