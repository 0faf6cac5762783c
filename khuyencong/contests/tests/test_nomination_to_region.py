"""The winners of a provincial round move to the regional round with their dossier, and are
certified there; the product's path shows both levels."""

import pytest

from khuyencong.contests import selectors, services
from khuyencong.contests.models import Entry, Level
from khuyencong.contests.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_winners_are_nominated_and_certified_at_the_regional_level(contest, world):
    provincial, winner, loser = contest.certified_round()
    regional = contest.regional_round()
    assert list(services.open_next_rounds(provincial)) == [regional]

    # The provincial organiser picks the open regional round.
    [nominated] = services.nominate(round_=provincial, by=contest.user("officer"), target=regional)
    assert nominated.round == regional
    assert nominated.previous_entry == winner
    assert nominated.lower_certificate == winner.certificate
    assert nominated.photos.count() == 1 and nominated.documents.count() == 1
    assert nominated.photos.get().sha256 == winner.photos.get().sha256
    assert nominated.photos.get().file.name != winner.photos.get().file.name
    assert not Entry.objects.filter(round=regional, previous_entry=loser).exists()

    contest.act(regional, "start_scoring", by="ministry")
    contest.score(nominated, contest.user("ministry"), 0.9)
    contest.act(regional, "close", by="ministry")
    [certificate] = services.certify(round_=regional, by=contest.user("ministry"), issued_on=TODAY)
    assert certificate.level == Level.REGION

    path = selectors.product_path(winner)
    assert [e.round.level for e in path] == [Level.PROVINCE, Level.REGION]
    assert selectors.product_path(nominated) == path


def test_the_next_level_organiser_pulls_the_winners(contest):
    provincial, winner, _ = contest.certified_round()
    regional = contest.regional_round()
    [nominated] = services.nominate(
        round_=provincial, by=contest.user("ministry"), target=regional, entries=[winner]
    )
    assert nominated.previous_entry == winner


def test_a_regional_entry_with_an_external_provincial_certificate(contest, world):
    regional = contest.regional_round()
    entry = contest.entry(
        regional,
        by="ministry",
        external_certificate_number="102/GCN-UBND",
        external_certificate_date=TODAY.replace(year=TODAY.year - 1),
        external_certificate_level=Level.PROVINCE,
    )
    assert entry.lower_certificate is None
    assert entry.external_certificate_number == "102/GCN-UBND"
