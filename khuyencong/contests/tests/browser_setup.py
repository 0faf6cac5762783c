"""Data for the browser test, created in the test server's own database: a provincial round of
Hưng Yên in scoring, with two entries, whose jury is the test user."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.accounts.models import Organisation, User
from khuyencong.contests import services
from khuyencong.geo.models import Commune, Province
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry.models import Establishment

PRODUCTS = ("Tranh thêu tay phong cảnh", "Bình gốm men rạn")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def prepare(username: str) -> None:
    today = timezone.localdate()
    user = User.objects.get(username=username)
    province = Province.objects.current().get(name="Hưng Yên")
    commune = Commune.objects.current().filter(province=province).order_by("code").first()
    centre = Organisation.objects.create(
        name="Trung tâm Khuyến công Hưng Yên", kind="extension_centre", province=province
    )
    kind = EstablishmentKind.objects.order_by("pk").first()
    round_ = services.round_create(
        by=user,
        level="province",
        year=today.year,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu tỉnh Hưng Yên năm {today.year}",
        organiser=centre,
        province=province,
        jurors=[user],
        registration_opens=today - datetime.timedelta(days=30),
        registration_closes=today,
        scoring_until=today + datetime.timedelta(days=10),
        announcement_date=today + datetime.timedelta(days=20),
    )
    for index, product in enumerate(PRODUCTS):
        establishment = Establishment.objects.create(
            name=f"Cơ sở số {index + 1}", kind=kind, commune=commune, province=province
        )
        services.entry_create(
            round_=round_,
            by=user,
            establishment=establishment,
            product_name=product,
            group="handicraft",
            mass_producible=True,
            documents=[SimpleUploadedFile("ho-so.pdf", PDF, content_type="application/pdf")],
        )
    round_.refresh_from_db()
    services.round_transition(
        round_=round_, by=user, name="start_scoring", expected_version=round_.version
    )
