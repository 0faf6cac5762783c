"""A provincial round from registration to certificates, with three jurors and a conflict of
interest."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from khuyencong.contests import selectors, services
from khuyencong.contests.models import Certificate, RoundStatus, Score
from khuyencong.contests.tests.conftest import TODAY
from khuyencong.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_a_round_gets_the_default_100_point_sheet_and_the_circular_in_force(contest):
    round_ = contest.round()
    assert selectors.sheet_total(round_) == 100
    assert next(g.name for g in selectors.sheet(round_)) == "Market and production capacity"
    assert len(selectors.sheet(round_)) == 4
    assert round_.legal_basis.code == "tt-38-2025-bct"
    assert round_.pass_mark == 70
    assert round_.certificate_years == 3


def test_from_registration_to_certificates(contest, world):
    round_ = contest.round(pass_mark=75)
    first = contest.entry(round_)
    second = contest.entry(round_, contest.second, product_name="Bình gốm men rạn")
    third = contest.entry(round_, contest.third, product_name="Giỏ mây đan", group="other")
    assert first.photos.count() == 1 and first.documents.count() == 1

    an, binh, cuong = contest.jurors
    services.conflict_add(
        round_=round_,
        by=contest.user("officer"),
        juror=cuong,
        establishment=contest.second,
        reason="Con gái của ông Cường là chủ cơ sở.",
    )
    contest.act(round_, "start_scoring")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCORING

    for juror in (an, binh, cuong):
        contest.score(first, juror, 0.9)
        contest.score(third, juror, 0.8)
    contest.score(second, an, 0.8)
    contest.score(second, binh, 0.7)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        contest.score(second, cuong, 1)
    assert not Score.objects.filter(entry=second, juror=cuong).exists()

    progress = {p.juror: p for p in selectors.progress(round_)}
    assert (progress[cuong].assigned, progress[cuong].scored, progress[cuong].conflicts) == (
        3,
        2,
        1,
    )
    assert progress[cuong].percent == 100
    assert progress[an].scored == 3

    contest.act(round_, "close", decision_number="12/QĐ-SCT", decision_date=TODAY)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    for entry in (first, second, third):
        entry.refresh_from_db()
    # Averages over the jurors who scored: 90; (80 + 70) / 2 = 75; 80.
    assert (first.average_score, first.rank, first.passed) == (Decimal("90.00"), 1, True)
    assert (third.average_score, third.rank, third.passed) == (Decimal("80.00"), 2, True)
    assert (second.average_score, second.rank, second.passed) == (Decimal("75.00"), 3, True)

    certificates = services.certify(
        round_=round_, by=contest.user("manager"), issued_on=TODAY, number_prefix="15/GCN-SCT"
    )
    assert [c.number for c in certificates] == [
        "15/GCN-SCT-001",
        "15/GCN-SCT-002",
        "15/GCN-SCT-003",
    ]
    certificate = Certificate.objects.get(entry=first)
    assert certificate.level == "province"
    assert certificate.valid_until == TODAY.replace(year=TODAY.year + 3) or (
        certificate.valid_until - TODAY
    ) >= datetime.timedelta(days=1095)
    events = set(
        ChangeRecord.objects.filter(event__startswith="contest.").values_list("event", flat=True)
    )
    assert {"contest.scoring_started", "contest.closed", "contest.certified"} <= events


def test_ties_share_a_rank_and_the_pass_mark_decides(contest):
    round_ = contest.round()
    first = contest.entry(round_)
    second = contest.entry(round_, contest.second, product_name="Bình gốm men rạn")
    third = contest.entry(round_, contest.third, product_name="Giỏ mây đan")
    contest.act(round_, "start_scoring")
    for juror in contest.jurors:
        contest.score(first, juror, 0.8)
        contest.score(second, juror, 0.8)
        contest.score(third, juror, 0.6)
    results = services.compute_results(round_)
    assert [(r.entry.pk, r.rank, r.tie, r.passed) for r in results] == [
        (first.pk, 1, True, True),
        (second.pk, 1, True, True),
        (third.pk, 3, False, False),
    ]


def test_a_juror_changes_their_scores_while_scoring_lasts(contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    contest.act(round_, "start_scoring")
    juror = contest.jurors[0]
    contest.score(entry, juror, 0.5)
    contest.score(entry, juror, 0.9)
    assert Score.objects.filter(entry=entry, juror=juror).count() == len(contest.criteria(round_))
    [result] = services.compute_results(round_)
    assert result.average == Decimal("90.00")
