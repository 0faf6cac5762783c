"""Who sees what: jurors only their entries and their own scores until the round closes,
organisers only their rounds, another province gets 404, establishments their own entries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from khuyencong.contests import selectors, services
from khuyencong.contests.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(contest):
    round_ = contest.round()
    first = contest.entry(round_)
    second = contest.entry(round_, contest.second, product_name="Bình gốm men rạn")
    an, binh, _ = contest.jurors
    services.assign_jurors(entry=second, by=contest.user("officer"), jurors=[binh])
    contest.act(round_, "start_scoring")
    contest.score(first, an, 0.9)
    contest.score(first, binh, 0.6)
    return round_, first, second


def test_jurors_see_only_their_entries_and_their_own_scores(client, contest, scoring):
    round_, first, second = scoring
    an, binh, _ = contest.jurors
    assert list(selectors.entry_list(user=an)) == [first]
    assert set(selectors.entry_list(user=binh)) == {first, second}
    client.force_login(an)
    assert client.get(second.get_absolute_url()).status_code == 404
    assert client.get(reverse("contests:score", args=[second.pk])).status_code == 404
    page = client.get(first.get_absolute_url()).content.decode()
    assert str(an) in page and str(binh) not in page
    assert client.get(reverse("contests:round_results", args=[round_.pk])).status_code == 404

    # Once closed, everyone who sees the entry sees every score.
    contest.act(round_, "close")
    page = client.get(first.get_absolute_url()).content.decode()
    assert str(an) in page and str(binh) in page


def test_organisers_see_the_scores_while_scoring(client, contest, scoring):
    _, first, _ = scoring
    client.force_login(contest.user("manager"))
    page = client.get(first.get_absolute_url()).content.decode()
    assert all(str(j) in page for j in contest.jurors[:2])


def test_another_province_gets_404(client, contest, scoring):
    round_, first, _ = scoring
    for name in ("other_officer", "other_manager"):
        client.force_login(contest.user(name))
        assert client.get(round_.get_absolute_url()).status_code == 404
        assert client.get(first.get_absolute_url()).status_code == 404
        assert client.get(reverse("contests:entry_create", args=[round_.pk])).status_code == 404
        assert not selectors.round_list(user=contest.user(name)).exists()
    with pytest.raises(PermissionDenied):
        services.conflict_add(
            round_=round_,
            by=contest.user("other_manager"),
            juror=contest.jurors[0],
            establishment=contest.second,
            reason="x",
        )


def test_organisers_manage_only_their_rounds(contest, world):
    with pytest.raises(PermissionDenied):
        contest.round(by="officer", province=world.bac_ninh)
    with pytest.raises(PermissionDenied):
        contest.round(by="officer", level=Level.REGION, region="north", province=None)
    regional = contest.regional_round()
    assert not services.may_manage(contest.user("officer"), regional)
    assert services.may_manage(contest.user("ministry"), regional)


def test_an_establishment_sees_its_own_entries(client, contest, scoring):
    _round, first, second = scoring
    account = contest.user("establishment")
    assert list(selectors.entry_list(user=account)) == [first]
    client.force_login(account)
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(second.get_absolute_url()).status_code == 404
    assert "scores-hidden" in client.get(first.get_absolute_url()).content.decode()


def test_the_api_is_scoped(client, contest, scoring):
    round_, first, _ = scoring
    client.force_login(contest.user("other_officer"))
    assert client.get(f"/api/v1/contest-rounds/{round_.pk}/").status_code == 404
    assert client.get(f"/api/v1/contest-entries/{first.pk}/").status_code == 404
    client.force_login(contest.user("officer"))
    assert client.get(f"/api/v1/contest-rounds/{round_.pk}/").status_code == 200
    data = client.get("/api/v1/contest-entries/").json()
    assert {row["id"] for row in data["results"]} == {first.pk, scoring[2].pk}
    client.force_login(contest.jurors[0])
    data = client.get("/api/v1/contest-entries/").json()
    assert [row["id"] for row in data["results"]] == [first.pk]
