"""The contests tests reuse the project world (Hưng Yên and Bắc Ninh, one user per role) and add
three jurors, a provincial round and helpers that drive a round through its life cycle."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory
from khuyencong.contests import services
from khuyencong.contests.models import Criterion, Entry, Level, Round
from khuyencong.projects.tests import conftest as project_fixtures
from khuyencong.projects.tests.conftest import TODAY, World, pdf
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

world = project_fixtures.world
_english = project_fixtures._english
_media = project_fixtures._media
_fast_password_hashing = project_fixtures._fast_password_hashing

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name: str = "san-pham.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


class Contest:
    def __init__(self, world: World):
        self.world = world
        hy = world.hung_yen
        self.jurors = [
            UserFactory(role=Role.COLLABORATOR, province=hy, first_name=name, last_name="Nguyễn")
            for name in ("An", "Bình", "Cường")
        ]
        self.ministry_unit = OrganisationFactory(
            name="Cục Công Thương địa phương",
            province=None,
            kind=Organisation.Kind.MINISTRY_DEPARTMENT,
        )
        self.second = EstablishmentFactory(name="Cơ sở Gốm Hưng Yên", commune=world.commune)
        self.third = EstablishmentFactory(
            name="HTX Mây tre đan Hưng Yên", commune=commune_of("Hưng Yên", 1)
        )

    def user(self, name: str):
        return self.world.users[name]

    def timetable(self) -> dict:
        return {
            "registration_opens": TODAY - datetime.timedelta(days=30),
            "registration_closes": TODAY + datetime.timedelta(days=10),
            "scoring_until": TODAY + datetime.timedelta(days=20),
            "announcement_date": TODAY + datetime.timedelta(days=30),
        }

    def round(self, by: str = "officer", **values) -> Round:
        defaults = {
            "level": Level.PROVINCE,
            "year": TODAY.year,
            "title": f"Bình chọn sản phẩm CNNT tiêu biểu tỉnh Hưng Yên năm {TODAY.year}",
            "organiser": self.world.centre,
            "province": self.world.hung_yen,
            "jurors": self.jurors,
            "council_members": "Ông Trần Văn Hải (Sở Công Thương), chủ tịch",
            **self.timetable(),
        }
        defaults.update(values)
        return services.round_create(by=self.user(by), **defaults)

    def regional_round(self, **values) -> Round:
        defaults = {
            "level": Level.REGION,
            "region": "north",
            "title": f"Bình chọn sản phẩm CNNT tiêu biểu khu vực miền Bắc năm {TODAY.year}",
            "organiser": self.ministry_unit,
            "province": None,
            "jurors": [self.user("ministry")],
        }
        defaults.update(values)
        return self.round(by="ministry", **defaults)

    def entry(self, round_: Round, establishment=None, by: str = "officer", **values) -> Entry:
        defaults = {
            "product_name": "Tranh thêu tay phong cảnh",
            "description": "Tranh thêu chỉ tơ tằm.",
            "group": "handicraft",
            "mass_producible": True,
            "photos": [png()],
            "documents": [pdf("thuyet-minh.pdf")],
        }
        defaults.update(values)
        return services.entry_create(
            round_=round_,
            by=self.user(by) if isinstance(by, str) else by,
            establishment=establishment or self.world.establishment,
            **defaults,
        )

    def act(self, round_: Round, name: str, by: str = "officer", **data) -> Round:
        round_.refresh_from_db()
        return services.round_transition(
            round_=round_, by=self.user(by), name=name, expected_version=round_.version, data=data
        )

    def criteria(self, round_: Round) -> list[Criterion]:
        return list(Criterion.objects.filter(group__round=round_).order_by("group__order", "order"))

    def sheet(self, round_: Round, fraction: float) -> dict[int, str]:
        """Points at `fraction` of every maximum."""
        return {c.pk: str(round(c.max_points * fraction, 1)) for c in self.criteria(round_)}

    def score(self, entry: Entry, juror, fraction: float):
        return services.scores_save(entry=entry, by=juror, points=self.sheet(entry.round, fraction))

    def certified_round(self):
        """A provincial round closed with results and certificates: the world's establishment's
        product passed (85), the second's failed (50)."""
        round_ = self.round()
        winner = self.entry(round_)
        loser = self.entry(round_, self.second, product_name="Bình gốm men rạn")
        self.act(round_, "start_scoring")
        for juror in self.jurors:
            self.score(winner, juror, 0.85)
            self.score(loser, juror, 0.5)
        self.act(round_, "close", decision_number="12/QĐ-SCT", decision_date=TODAY)
        round_.refresh_from_db()
        services.certify(round_=round_, by=self.user("manager"), issued_on=TODAY)
        winner.refresh_from_db()
        loser.refresh_from_db()
        return round_, winner, loser


@pytest.fixture
def contest(world) -> Contest:
    return Contest(world)
