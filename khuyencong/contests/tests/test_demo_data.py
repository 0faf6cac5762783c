"""The contests demo loads through the services on top of the other demo data: a closed
provincial round with scores and certificates, and its best product nominated to the northern
regional round; its pages open for the demo accounts, and only for those who may see them."""

import pytest
from django.urls import reverse

from khuyencong.accounts.models import User
from khuyencong.contests.demo import load_demo_contests
from khuyencong.contests.models import Certificate, ConflictOfInterest, Entry, Round, Score
from khuyencong.core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_contests_load_and_their_pages_open(client):
    load_demo()
    if not Round.objects.exists():  # until core.demo calls it
        load_demo_contests()
    provincial = Round.objects.get(level="province")
    regional = Round.objects.get(level="region")
    assert provincial.status == "closed" and regional.status == "registration"
    assert provincial.entries.count() == 5
    assert provincial.entries.filter(passed=False).count() == 1
    assert Certificate.objects.filter(entry__round=provincial).count() == 4
    assert Score.objects.filter(entry__round=provincial).exists()
    assert ConflictOfInterest.objects.filter(round=provincial).count() == 1
    nominated = Entry.objects.get(round=regional)
    assert nominated.previous_entry.rank == 1
    assert nominated.lower_certificate == nominated.previous_entry.certificate

    client.force_login(User.objects.get(username="canbo.hungyen"))
    winner = nominated.previous_entry
    for url in (
        reverse("contests:round_list"),
        provincial.get_absolute_url(),
        reverse("contests:round_results", args=[provincial.pk]),
        winner.get_absolute_url(),
        reverse("contests:catalogue"),
        reverse("contests:report"),
    ):
        assert client.get(url).status_code == 200, url

    # The establishment's account sees its own entries; another province sees nothing of ours.
    client.force_login(User.objects.get(username="coso.demo"))
    assert client.get(winner.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(username="canbo.bacninh"))
    assert client.get(provincial.get_absolute_url()).status_code == 404
