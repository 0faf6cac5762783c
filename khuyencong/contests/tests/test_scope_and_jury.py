"""A round stays where its organiser may organise it (an edit checks the new level and place, not
only the old ones); only active staff of the round's province or the ministry sit on its jury,
never an establishment's account or a read-only viewer; a juror never scores their own
establishment; and a criterion named by anything but its id is a 400, not a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory
from khuyencong.contests import selectors, services
from khuyencong.contests.api.views import RoundViewSet
from khuyencong.contests.models import Level, Round
from khuyencong.contests.tests.test_api_writes import ROUNDS, round_payload

pytestmark = pytest.mark.django_db

NOT_HERE = "You may not organise a round of this level here."
NOT_ON_JURY = "may not sit on the jury"


def _snapshot(round_: Round) -> tuple:
    round_.refresh_from_db()
    return (
        round_.level,
        round_.province_id,
        round_.commune_id,
        round_.version,
        sorted(round_.jurors.values_list("pk", flat=True)),
    )


def _api_round(client, contest) -> Round:
    client.force_login(contest.user("officer"))
    response = client.post(ROUNDS, round_payload(contest), content_type="application/json")
    assert response.status_code == 201, response.content
    return Round.objects.get(pk=response.json()["id"])


# --- 1. the new level and place are checked ---------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"level": "national"},
        {"level": "region", "region": "north"},
        {"province": "bac_ninh"},
        {"level": "commune", "commune": "bn_commune"},
    ],
    ids=["national", "region", "another-province", "another-province-commune"],
)
def test_an_officer_cannot_move_a_round_out_of_their_province_through_the_api(
    client, contest, world, change
):
    round_ = _api_round(client, contest)
    before = _snapshot(round_)
    payload = {
        key: getattr(world, value).pk if key in ("province", "commune") else value
        for key, value in change.items()
    }
    response = client.patch(
        f"{ROUNDS}{round_.pk}/",
        {**payload, "version": round_.version},
        content_type="application/json",
    )
    assert response.status_code == 403, response.content
    assert response.json()["detail"] == NOT_HERE
    assert _snapshot(round_) == before


def test_an_officer_may_still_move_a_round_within_their_province(client, contest, world):
    round_ = _api_round(client, contest)
    response = client.patch(
        f"{ROUNDS}{round_.pk}/",
        {"level": "commune", "commune": world.commune.pk, "version": round_.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    round_.refresh_from_db()
    assert (round_.level, round_.commune, round_.province) == (
        Level.COMMUNE,
        world.commune,
        world.hung_yen,
    )


def test_the_service_checks_the_new_values(contest, world):
    round_ = contest.round()
    before = _snapshot(round_)
    for values in ({"level": Level.NATIONAL}, {"province": world.bac_ninh}):
        with pytest.raises(PermissionDenied, match=NOT_HERE):
            services.round_update(
                round_=round_, by=contest.user("officer"), expected_version=round_.version, **values
            )
    assert _snapshot(round_) == before


def _form_data(round_: Round, **values) -> dict:
    data = {
        "title": round_.title,
        "level": round_.level,
        "year": round_.year,
        "organiser": round_.organiser_id,
        "province": round_.province_id or "",
        "commune": round_.commune_id or "",
        "region": round_.region,
        "pass_mark": round_.pass_mark,
        "certificate_years": round_.certificate_years,
        "jurors": list(round_.jurors.values_list("pk", flat=True)),
        "council_members": round_.council_members,
        "version": round_.version,
        **{
            name: getattr(round_, name).strftime("%d/%m/%Y")
            for name in (
                "registration_opens",
                "registration_closes",
                "scoring_until",
                "announcement_date",
            )
        },
    }
    data.update(values)
    return data


@pytest.mark.parametrize("level", ["national", "region"])
def test_an_officer_cannot_raise_the_level_through_the_page(client, contest, level):
    round_ = contest.round()
    before = _snapshot(round_)
    client.force_login(contest.user("officer"))
    url = reverse("contests:round_edit", args=[round_.pk])
    assert f'value="{level}"' not in client.get(url).content.decode()
    response = client.post(url, _form_data(round_, level=level, region="north"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _snapshot(round_) == before


def test_the_ministry_still_sees_every_level_on_the_page(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("ministry"))
    page = client.get(reverse("contests:round_edit", args=[round_.pk])).content.decode()
    assert 'value="national"' in page


# --- 2. who sits on a jury ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["establishment", "viewer_province", "viewer_country"])
def test_an_establishment_account_or_a_viewer_is_refused_on_the_jury(contest, who):
    with pytest.raises(ValidationError) as refused:
        contest.round(jurors=[*contest.jurors, contest.user(who)])
    assert NOT_ON_JURY in str(refused.value.message_dict["jurors"])
    assert not Round.objects.exists()

    round_ = contest.round()
    before = _snapshot(round_)
    with pytest.raises(ValidationError) as refused:
        services.round_update(
            round_=round_,
            by=contest.user("officer"),
            expected_version=round_.version,
            jurors=[contest.user(who)],
        )
    assert NOT_ON_JURY in str(refused.value.message_dict["jurors"])
    assert _snapshot(round_) == before


def test_another_provinces_staff_is_refused_on_a_provincial_jury(contest):
    with pytest.raises(ValidationError) as refused:
        contest.round(jurors=[contest.user("other_officer")])
    assert NOT_ON_JURY in str(refused.value.message_dict["jurors"])
    # The ministry may sit on a provincial jury; anyone's staff on a regional one.
    round_ = contest.round(jurors=[contest.user("ministry"), contest.user("manager")])
    assert round_.jurors.count() == 2
    regional = contest.regional_round(jurors=[contest.user("other_officer")])
    assert list(regional.jurors.all()) == [contest.user("other_officer")]


def test_the_api_refuses_a_viewer_with_the_message_and_saves_nothing(client, contest):
    round_ = _api_round(client, contest)
    before = _snapshot(round_)
    response = client.patch(
        f"{ROUNDS}{round_.pk}/",
        {"jurors": [contest.user("viewer_province").pk], "version": round_.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert NOT_ON_JURY in response.json()["jurors"][0]
    assert _snapshot(round_) == before


def test_the_api_does_not_tell_other_provinces_users_from_missing_ids(client, contest):
    round_ = _api_round(client, contest)
    before = _snapshot(round_)
    answers = []
    for pk in (contest.user("other_officer").pk, 10**9):
        response = client.patch(
            f"{ROUNDS}{round_.pk}/",
            {"jurors": [pk], "version": round_.version},
            content_type="application/json",
        )
        assert response.status_code == 400
        answers.append(response.json()["jurors"][0].replace(str(pk), "<id>"))
    assert answers[0] == answers[1]
    assert _snapshot(round_) == before


def test_the_page_offers_only_staff_who_may_sit_on_the_jury(client, contest):
    client.force_login(contest.user("officer"))
    form = client.get(reverse("contests:round_create")).context["form"]
    offered = set(form.fields["jurors"].queryset)
    assert {contest.user("manager"), contest.user("ministry"), *contest.jurors} <= offered
    for name in ("establishment", "viewer_province", "other_officer", "other_manager"):
        assert contest.user(name) not in offered


def test_a_juror_never_scores_their_own_establishments_entry(contest, world):
    round_ = contest.round()
    own = contest.entry(round_)
    contest.act(round_, "start_scoring")
    # An establishment's account put on the jury before the rule (the service refuses it now).
    account = contest.user("establishment")
    round_.jurors.add(account)
    assert services.has_conflict(account, own)
    assert [e.conflict for e in selectors.juror_queue(user=account, round_=round_)] == [True]
    row = next(p for p in selectors.progress(round_) if p.juror == account)
    assert row.conflicts == 1
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        contest.score(own, account, 0.9)
    assert not own.scores.filter(juror=account).exists()
    # Staff linked to the establishment by their account, too.
    linked = UserFactory(
        role=Role.COLLABORATOR, province=world.hung_yen, establishment=world.establishment
    )
    round_.jurors.add(linked)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        contest.score(own, linked, 0.9)
    assert not own.scores.exists()


# --- 3. criteria are named by their id --------------------------------------------------------


@pytest.mark.parametrize("key", ["abc", "1.5", ""])
def test_a_criterion_key_that_is_not_an_id_is_a_400(client, contest, key):
    round_ = contest.round()
    entry = contest.entry(round_)
    contest.act(round_, "start_scoring")
    client.force_login(contest.jurors[0])
    response = client.post(
        f"/api/v1/contest-entries/{entry.pk}/scores/",
        {"points": {key: "1"}},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["points"] == ["Criteria are named by their id (a whole number)."]
    assert not entry.scores.exists()


def test_reloading_a_round_that_left_the_callers_view_is_not_an_error(contest, world, rf):
    elsewhere = contest.round(
        by="ministry", province=world.bac_ninh, jurors=[contest.user("other_officer")]
    )
    request = rf.get(ROUNDS)
    request.user = contest.user("officer")
    view = RoundViewSet(request=request, format_kwarg=None, kwargs={})
    view.action = "partial_update"
    reloaded = view._reloaded(elsewhere)
    assert reloaded.pk == elsewhere.pk and reloaded.entry_count == 0
