import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from khuyencong.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_vietnamese_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Đăng nhập" in body


def test_switch_to_english_and_back(client):
    client.force_login(UserFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_dates_and_numbers_use_vietnamese_conventions_in_both_languages(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    for language in ("vi", "en"):
        with translation.override(language):
            assert (
                formats.date_format(datetime.date(2025, 7, 1), "SHORT_DATE_FORMAT") == "01/07/2025"
            )
            assert (
                formats.number_format(19448.5, 1, use_l10n=True, force_grouping=True) == "19.448,5"
            )
