"""The API: rounds, entries and certificates in the OpenAPI schema; a juror posts scores."""

import pytest

from khuyencong.contests.models import Score

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_contest_endpoints(client, contest):
    client.force_login(contest.user("admin"))
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/contest-rounds/",
        "/api/v1/contest-entries/{id}/scores/",
        "/api/v1/contest-certificates/",
    ):
        assert path in schema


def test_a_juror_posts_scores_and_a_score_above_the_maximum_is_refused(client, contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    contest.act(round_, "start_scoring")
    client.force_login(contest.jurors[0])
    points = contest.sheet(round_, 0.8)
    url = f"/api/v1/contest-entries/{entry.pk}/scores/"
    too_much = {**points, next(iter(points)): "50"}
    response = client.post(url, {"points": too_much}, content_type="application/json")
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert not Score.objects.exists()
    response = client.post(url, {"points": points}, content_type="application/json")
    assert response.status_code == 200
    assert Score.objects.filter(entry=entry).count() == len(points)
    detail = client.get(f"/api/v1/contest-entries/{entry.pk}/").json()
    assert detail["average_score"] is None  # not published before the round closes


def test_certificates_in_scope(client, contest):
    _, winner, _ = contest.certified_round()
    client.force_login(contest.user("officer"))
    rows = client.get("/api/v1/contest-certificates/").json()["results"]
    assert [r["number"] for r in rows] == [winner.certificate.number]
    client.force_login(contest.user("other_officer"))
    assert client.get("/api/v1/contest-certificates/").json()["results"] == []
