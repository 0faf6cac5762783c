"""Demo typical-product rounds, created through the services the pages use: Hưng Yên's provincial
round of this year with five products of the demo establishments, a jury of three (one of them
linked to an establishment: a conflict of interest), their scores, the round closed with its
results and certificates, and the best product nominated to the northern regional round, which
is open for registration. Runs after the demo registry and monitoring (`core.demo.load_demo`)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from khuyencong.accounts.models import Organisation, User
from khuyencong.contests import services
from khuyencong.contests.models import Criterion, Level, Round
from khuyencong.geo.models import Province
from khuyencong.registry.models import Establishment

# (establishment, product, group, description, points as a fraction of each maximum per juror)
PRODUCTS = [
    (
        "Công ty TNHH Thêu ren Minh Lãng",
        "Tranh thêu tay phong cảnh Hồ Gươm",
        "handicraft",
        "Tranh thêu tay bằng chỉ tơ tằm trên nền lụa, khổ 60 x 90 cm, khung gỗ gụ.",
        (0.92, 0.88, 0.9),
    ),
    (
        "Công ty TNHH Tương Bần Hưng Yên",
        "Tương Bần Hưng Yên truyền thống",
        "food",
        "Tương ủ từ gạo nếp, đậu tương và muối theo cách làm truyền thống làng Bần, chai 500 ml.",
        (0.84, 0.8, 0.86),
    ),
    (
        "Công ty TNHH Đúc đồng Lộng Thượng",
        "Lư hương đồng đỏ chạm khắc",
        "handicraft",
        "Lư hương đúc đồng đỏ nguyên khối, chạm tay hoa văn rồng mây, cao 45 cm.",
        (0.78, 0.74, 0.8),
    ),
    (
        "Hộ kinh doanh cơ khí Nguyễn Văn Hùng",
        "Máy tách hạt sen tươi mini",
        "machinery",
        "Máy tách hạt sen công suất 40 kg/giờ, động cơ 0,75 kW, dùng cho hộ sản xuất nhỏ.",
        (0.74, 0.7, 0.72),
    ),
    (
        "Công ty Cổ phần Chiếu cói Hới",
        "Chiếu cói Hới dệt hoa văn",
        "handicraft",
        "Chiếu cói dệt máy, nhuộm màu tự nhiên, hoa văn chữ Thọ, khổ 1,6 x 2 m.",
        (0.62, 0.58, 0.6),
    ),
]
CONFLICT = ("congtacvien.hungyen", "Công ty Cổ phần Chiếu cói Hới")


def _points(criteria: list[Criterion], fraction: float) -> dict[int, Decimal]:
    """Points at `fraction` of each maximum, to the half point."""
    half = Decimal("0.5")
    return {
        c.pk: (Decimal(str(c.max_points * fraction)) / half).quantize(Decimal(1), ROUND_HALF_UP)
        * half
        for c in criteria
    }


def load_demo_contests() -> dict[str, Round]:
    today = timezone.localdate()
    days = datetime.timedelta
    officer = User.objects.get(username="canbo.hungyen")
    manager = User.objects.get(username="quanly.hungyen")
    collaborator = User.objects.get(username="congtacvien.hungyen")
    ministry = User.objects.get(username="bocongthuong")
    hung_yen = Province.objects.current().get(name="Hưng Yên")
    jurors = [manager, officer, collaborator]

    provincial = services.round_create(
        by=officer,
        level=Level.PROVINCE,
        year=today.year,
        title=f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu tỉnh Hưng Yên năm {today.year}",
        organiser=Organisation.objects.get(name="Sở Công Thương tỉnh Hưng Yên"),
        province=hung_yen,
        registration_opens=today - days(120),
        registration_closes=today - days(75),
        scoring_until=today - days(45),
        announcement_date=today - days(30),
        jurors=jurors,
        council_members=(
            "Ông Phạm Văn Minh, Phó Giám đốc Sở Công Thương — Chủ tịch Hội đồng\n"
            "Bà Nguyễn Thị Lan, Trung tâm Khuyến công — Thư ký\n"
            "Ông Vũ Đức Thắng, cộng tác viên khuyến công — Ủy viên"
        ),
    )
    establishments = {
        e.name: e
        for e in Establishment.objects.filter(province=hung_yen, name__in=[p[0] for p in PRODUCTS])
    }
    entries = []
    for name, product, group, description, fractions in PRODUCTS:
        establishment = establishments.get(name)
        if establishment is None:
            continue
        entry = services.entry_create(
            round_=provincial,
            by=officer,
            establishment=establishment,
            product_name=product,
            group=group,
            description=description,
            mass_producible=True,
        )
        entries.append((entry, fractions))
    if not entries:
        return {"provincial": provincial}
    juror_name, linked = CONFLICT
    if linked in establishments:
        services.conflict_add(
            round_=provincial,
            by=officer,
            juror=User.objects.get(username=juror_name),
            establishment=establishments[linked],
            reason="Người thân của cộng tác viên là thành viên hội đồng quản trị công ty.",
        )

    services.round_transition(
        round_=provincial, by=officer, name="start_scoring", expected_version=provincial.version
    )
    criteria = list(Criterion.objects.filter(group__round=provincial))
    for entry, fractions in entries:
        for juror, fraction in zip(jurors, fractions, strict=True):
            if services.has_conflict(juror, entry):
                continue
            services.scores_save(entry=entry, by=juror, points=_points(criteria, fraction))
    provincial.refresh_from_db()
    services.round_transition(
        round_=provincial,
        by=manager,
        name="close",
        expected_version=provincial.version,
        data={
            "decision_number": f"215/QĐ-SCT-{today.year}",
            "decision_date": today - days(30),
            "note": "Công nhận kết quả bình chọn theo đề nghị của Hội đồng.",
        },
    )
    provincial.refresh_from_db()
    services.certify(
        round_=provincial, by=manager, issued_on=today - days(30), number_prefix="215/GCN-SCT"
    )

    regional = services.round_create(
        by=ministry,
        level=Level.REGION,
        region="north",
        year=today.year,
        title=(
            f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu khu vực miền Bắc năm {today.year}"
        ),
        organiser=Organisation.objects.get(kind=Organisation.Kind.MINISTRY_DEPARTMENT),
        registration_opens=today - days(20),
        registration_closes=today + days(30),
        scoring_until=today + days(60),
        announcement_date=today + days(75),
        jurors=[ministry],
        council_members="Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công — Thường trực",
    )
    best = provincial.entries.filter(passed=True).order_by("rank", "pk").first()
    if best is not None:
        services.nominate(round_=provincial, by=ministry, target=regional, entries=[best])
    return {"provincial": provincial, "regional": regional}
