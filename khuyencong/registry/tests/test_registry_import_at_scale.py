"""Registry imports at scale: the rows a file names are read ahead for the whole file (the
generic `ImportSpec.read_ahead`), so the queries of a re-import do not grow with its rows; the
units before 1/7/2025 are matched in memory, the diacritics as written deciding between names
that fold the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory, current_province
from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.geo.models import Commune
from khuyencong.registry.models import Establishment
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of
from khuyencong.registry.tests.test_registry_import_export import (
    HEADERS,
    _commit,
    _export,
    hai_phong_officer,  # noqa: F401 (fixture)
)

SLUG = "establishments"
pytestmark = pytest.mark.django_db


def _dry_run(user, data: bytes):
    with translation.override("vi"):
        return run_import(get_spec(SLUG), name="f.xlsx", data=data, user=user, commit=False)


def test_the_queries_of_a_re_import_do_not_grow_with_its_rows(client, hai_phong_officer):  # noqa: F811
    commune = commune_of("Hải Phòng", 0)
    EstablishmentFactory.create_batch(12, commune=commune)
    header, *rows = read_xlsx(_export(client, SLUG))
    assert len(rows) == 12

    def queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = _dry_run(hai_phong_officer, xlsx([header, *rows[:n]]))
        assert result.counts == {"created": 0, "updated": 0, "unchanged": n, "rejected": 0}
        return len(captured)

    assert queries(3) == queries(12)


def test_the_diacritics_decide_between_old_communes_of_one_district(client):
    """Nghệ An's Yên Thành had both Đông Thành and Đồng Thành."""
    client.force_login(
        UserFactory(role=Role.PROVINCIAL_OFFICER, province=current_province("Nghệ An"))
    )
    same = Commune.objects.before_reform().filter(
        district__name="Yên Thành", name__in=["Đông Thành", "Đồng Thành"]
    )
    assert same.count() == 2
    commune = commune_of("Nghệ An", 0)
    rows = [HEADERS[:6]]
    for n, name in enumerate(["Đông Thành", "Đồng Thành"]):
        rows.append(
            [
                ["Hộ đan mây tre Thanh Bình", "Cơ sở gốm Hải Lộc"][n],
                "Hộ kinh doanh",
                f"020077788{n}",
                "Nghệ An",
                commune.full_name,
                f"Xã {name}, Huyện Yên Thành, Nghệ An",
            ]
        )
    _commit(client, SLUG, xlsx(rows))
    for n, name in enumerate(["Đông Thành", "Đồng Thành"]):
        assert Establishment.objects.get(tax_code=f"020077788{n}").commune_then.name == name
