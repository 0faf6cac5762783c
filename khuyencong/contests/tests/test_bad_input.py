"""Bad input is refused with a clear message, and nothing is saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khuyencong.contests import services
from khuyencong.contests.models import Entry, Level, Score
from khuyencong.contests.tests.conftest import TODAY
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db


def _scoring(contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    contest.act(round_, "start_scoring")
    return round_, entry


def test_a_score_above_the_maximum(contest):
    round_, entry = _scoring(contest)
    points = contest.sheet(round_, 0.5)
    first = contest.criteria(round_)[0]
    points[first.pk] = str(first.max_points + 1)
    with pytest.raises(ValidationError) as error:
        services.scores_save(entry=entry, by=contest.jurors[0], points=points)
    assert f"at most {first.max_points} points" in error.value.message_dict[f"c{first.pk}"][0]
    assert not Score.objects.exists()


def test_a_juror_scoring_an_entry_not_assigned_to_them(contest):
    _round, entry = _scoring(contest)
    an, binh, _ = contest.jurors
    services.assign_jurors(entry=entry, by=contest.user("officer"), jurors=[an])
    with pytest.raises(PermissionDenied, match="not assigned to you"):
        contest.score(entry, binh, 0.8)
    with pytest.raises(PermissionDenied, match="not on the jury"):
        contest.score(entry, contest.user("manager"), 0.8)
    assert not Score.objects.exists()


def test_a_regional_entry_without_a_provincial_certificate(contest):
    regional = contest.regional_round()
    with pytest.raises(ValidationError) as error:
        contest.entry(regional, by="ministry")
    assert "certificate of the province level" in error.value.message_dict["lower_certificate"][0]
    with pytest.raises(ValidationError) as error:
        contest.entry(
            regional,
            by="ministry",
            external_certificate_number="1/GCN",
            external_certificate_date=TODAY,
            external_certificate_level=Level.COMMUNE,
        )
    assert "level just below" in error.value.message_dict["external_certificate_level"][0]
    assert not Entry.objects.filter(round=regional).exists()


def test_nominating_a_failed_product(contest):
    provincial, winner, loser = contest.certified_round()
    regional = contest.regional_round()
    with pytest.raises(ValidationError, match="Only products that passed can be nominated"):
        services.nominate(
            round_=provincial, by=contest.user("officer"), target=regional, entries=[winner, loser]
        )
    assert not Entry.objects.filter(round=regional).exists()


def test_eligibility_of_the_establishment(contest, world):
    round_ = contest.round()
    with pytest.raises(ValidationError, match="not in the province"):
        contest.entry(round_, world.other_establishment)
    Establishment.objects.filter(pk=contest.third.pk).update(merged_into=world.establishment)
    contest.third.refresh_from_db()
    with pytest.raises(ValidationError, match="merged"):
        contest.entry(round_, contest.third)
    with pytest.raises(ValidationError) as error:
        contest.entry(round_, mass_producible=False)
    assert "mass producible" in error.value.message_dict["mass_producible"][0]
    assert not Entry.objects.exists()


def test_a_timetable_out_of_order_and_a_bad_pass_mark(contest):
    with pytest.raises(ValidationError) as error:
        contest.round(
            scoring_until=TODAY - __import__("datetime").timedelta(days=100), pass_mark=120
        )
    assert "in order" in error.value.message_dict["scoring_until"][0]
    assert "pass_mark" in error.value.message_dict


def test_scoring_before_scoring_starts_and_closing_without_scores(contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    with pytest.raises(ValidationError, match="not being scored"):
        contest.score(entry, contest.jurors[0], 0.5)
    contest.act(round_, "start_scoring")
    from khuyencong.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused, match="No entry has been scored"):
        contest.act(round_, "close")
