"""Demo organisations and one account per role, created through the services the pages use."""

from __future__ import annotations

import secrets

from khuyencong.accounts import services
from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.geo.models import Commune, Province

Kind = Organisation.Kind

PROVINCES = {
    "Hưng Yên": (
        "Sở Công Thương tỉnh Hưng Yên",
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hưng Yên",
    ),
    "Bắc Ninh": (
        "Sở Công Thương tỉnh Bắc Ninh",
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bắc Ninh",
    ),
    "Đắk Lắk": ("Sở Công Thương tỉnh Đắk Lắk", "Trung tâm Khuyến công Đắk Lắk"),
    "Hải Phòng": ("Sở Công Thương thành phố Hải Phòng", "Trung tâm Khuyến công Hải Phòng"),
    "Phú Thọ": (
        "Sở Công Thương tỉnh Phú Thọ",
        "Trung tâm Khuyến công và Xúc tiến thương mại Phú Thọ",
    ),
}


def _province(name: str) -> Province:
    return Province.objects.current().get(name=name)


def load_demo_accounts() -> list[tuple[User, str]]:
    """Create the demo organisations and accounts; return (user, password) pairs to print once."""
    created: list[tuple[User, str]] = []

    def password() -> str:
        return secrets.token_urlsafe(9)

    admin_password = password()
    admin = services.user_create(
        by=None,
        username="admin",
        password=admin_password,
        role=Role.ADMIN,
        full_name="Quản trị hệ thống",
        email="admin@khuyencong.local",
    )
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    created.append((admin, admin_password))

    ministry = services.organisation_create(
        by=admin,
        name="Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công",
        short_name="Cục ĐMST, CĐX&KC",
        kind=Kind.MINISTRY_DEPARTMENT,
        province=None,
        address="54 Hai Bà Trưng, Hoàn Kiếm, Hà Nội",
    )
    organisations: dict[str, tuple[Organisation, Organisation]] = {}
    for name, (department, centre) in PROVINCES.items():
        province = _province(name)
        organisations[name] = (
            services.organisation_create(
                by=admin,
                name=department,
                short_name="Sở CT",
                kind=Kind.PROVINCIAL_DEPARTMENT,
                province=province,
            ),
            services.organisation_create(
                by=admin,
                name=centre,
                short_name="TTKC",
                kind=Kind.EXTENSION_CENTRE,
                province=province,
            ),
        )
    hung_yen = _province("Hưng Yên")
    communes = list(Commune.objects.current().filter(province=hung_yen).order_by("code")[:2])
    services.organisation_create(
        by=admin,
        name=f"UBND {communes[0].get_kind_display().lower()} {communes[0].name}",
        kind=Kind.PEOPLES_COMMITTEE,
        province=hung_yen,
        commune=communes[0],
    )
    services.organisation_create(
        by=admin,
        name="Trường Cao đẳng Công nghiệp Hưng Yên",
        kind=Kind.IMPLEMENTING_UNIT,
        province=hung_yen,
    )

    accounts = [
        ("bocongthuong", "Trần Thị Hương", Role.MINISTRY_OFFICER, ministry, None, []),
        (
            "quanly.hungyen",
            "Phạm Văn Minh",
            Role.PROVINCIAL_MANAGER,
            organisations["Hưng Yên"][0],
            hung_yen,
            [],
        ),
        (
            "canbo.hungyen",
            "Nguyễn Thị Lan",
            Role.PROVINCIAL_OFFICER,
            organisations["Hưng Yên"][1],
            hung_yen,
            [],
        ),
        (
            "congtacvien.hungyen",
            "Vũ Đức Thắng",
            Role.COLLABORATOR,
            organisations["Hưng Yên"][1],
            hung_yen,
            communes,
        ),
        (
            "canbo.bacninh",
            "Lê Văn Hùng",
            Role.PROVINCIAL_OFFICER,
            organisations["Bắc Ninh"][1],
            _province("Bắc Ninh"),
            [],
        ),
        ("coso.demo", "Đỗ Thị Mai", Role.ESTABLISHMENT, None, None, []),
        (
            "xem.daklak",
            "H'Hen Niê",
            Role.VIEWER,
            organisations["Đắk Lắk"][0],
            _province("Đắk Lắk"),
            [],
        ),
    ]
    for username, full_name, role, organisation, province, user_communes in accounts:
        secret = password()
        user = services.user_create(
            by=admin,
            username=username,
            password=secret,
            role=role,
            full_name=full_name,
            organisation=organisation,
            province=province,
            communes=user_communes,
            email=f"{username}@khuyencong.local",
        )
        created.append((user, secret))
    return created
