"""The system runs on an intranet: no page may load anything from another host."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)\s*=\s*["']([^"']+)["']""", re.I
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"');]+)""", re.I)


def _external(url: str) -> bool:
    return url.startswith(("http:", "https:", "//"))


def test_no_page_refers_to_an_asset_on_another_host(client):
    admin = UserFactory(role="admin", province=None, is_superuser=True, is_staff=True)
    org = OrganisationFactory()
    pages = [
        reverse("home"),
        reverse("accounts:organisation_list"),
        reverse("accounts:organisation_detail", args=[org.pk]),
        reverse("accounts:organisation_create"),
        reverse("core:audit_list"),
        reverse("geo:province_list"),
        reverse("password_change"),
        "/admin/",
        "/api/docs/",
        "/api/v1/",
    ]
    login_page = client.get(reverse("login")).content.decode()
    assert not [a for a in ASSET.findall(login_page) if _external(a)]
    client.force_login(admin)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        offending = [a for a in ASSET.findall(body) if _external(a)]
        assert not offending, (url, offending)


def test_no_stylesheet_imports_from_another_host():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        remote = [
            u for u in CSS_URL.findall(text) + CSS_IMPORT.findall(text) if _external(u.strip())
        ]
        assert not remote, (css, remote)


def test_vendored_files_carry_their_licences_and_versions():
    vendor = Path(settings.BASE_DIR, "static", "vendor")
    versions = (vendor / "VERSIONS.md").read_text(encoding="utf-8")
    for package in ["bootstrap", "htmx", "echarts", "tom-select", "flatpickr"]:
        folder = vendor / package
        assert folder.is_dir(), package
        assert any(p.name.upper().startswith("LICENSE") for p in folder.iterdir()), package
        assert package in versions.lower()
    assert (vendor / "flatpickr" / "l10n" / "vn.js").exists()
