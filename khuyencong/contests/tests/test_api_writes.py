"""The API writes rounds and entries through the services: organisers create and change rounds of
their level and province, entries pass the same eligibility checks as the pages (a regional entry
needs the certificate of the level below), a stale version is a 409, another province's user gets
a 404 or 403, jurors see only their entries, and nothing is half saved."""

import pytest

from khuyencong.contests import services
from khuyencong.contests.models import Criterion, Entry, Round
from khuyencong.projects.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/contest-rounds/"
ENTRIES = "/api/v1/contest-entries/"


def _iso(day) -> str:
    return day.isoformat()


def round_payload(contest, **values) -> dict:
    data = {
        "level": "province",
        "year": TODAY.year,
        "title": "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Hưng Yên (API)",
        "organiser": contest.world.centre.pk,
        "province": contest.world.hung_yen.pk,
        "pass_mark": 75,
        "jurors": [j.pk for j in contest.jurors],
        "council_members": "Bà Lê Thị Hoa, Sở Công Thương",
        **{k: _iso(v) for k, v in contest.timetable().items()},
    }
    data.update(values)
    return data


def entry_payload(contest, round_, **values) -> dict:
    data = {
        "round": round_.pk,
        "establishment": contest.world.establishment.pk,
        "product_name": "Khăn thêu tay",
        "description": "Khăn lụa thêu hoa sen.",
        "group": "handicraft",
        "mass_producible": True,
    }
    data.update(values)
    return data


# --- rounds -----------------------------------------------------------------------------------


def test_an_officer_creates_a_round_with_its_sheet_and_jury_then_updates_it(client, contest):
    client.force_login(contest.user("officer"))
    response = client.post(ROUNDS, round_payload(contest), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    round_ = Round.objects.get(pk=body["id"])
    assert round_.province == contest.world.hung_yen and round_.pass_mark == 75
    assert round_.legal_basis.code == "tt-38-2025-bct"
    assert sorted(body["jurors"]) == sorted(j.pk for j in contest.jurors)
    assert sum(c["max_points"] for c in body["criteria"]) == 100
    assert Criterion.objects.filter(group__round=round_).count() == len(body["criteria"])

    url = f"{ROUNDS}{round_.pk}/"
    response = client.patch(
        url,
        {"pass_mark": 80, "jurors": [contest.jurors[0].pk], "version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    round_.refresh_from_db()
    assert round_.pass_mark == 80
    assert list(round_.jurors.all()) == [contest.jurors[0]]
    assert round_.title == body["title"]  # untouched fields stay

    # The first version again: someone saved meanwhile.
    response = client.patch(
        url, {"pass_mark": 60, "version": body["version"]}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "Someone else saved" in response.json()["detail"]
    round_.refresh_from_db()
    assert round_.pass_mark == 80


def test_an_update_without_version_is_refused(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    response = client.patch(
        f"{ROUNDS}{round_.pk}/", {"pass_mark": 60}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_bad_rounds_are_refused_with_the_services_messages_and_nothing_saved(client, contest):
    client.force_login(contest.user("officer"))
    timetable = contest.timetable()
    response = client.post(
        ROUNDS,
        round_payload(
            contest,
            title="  ",
            announcement_date=_iso(timetable["registration_opens"]),
            pass_mark=None,
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "title" in response.json()
    response = client.post(
        ROUNDS,
        round_payload(contest, announcement_date=_iso(timetable["registration_opens"])),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "The timetable must be in order" in response.json()["announcement_date"][0]
    response = client.post(
        ROUNDS,
        round_payload(contest, legal_basis="nd-235-2025-cp"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_a_provincial_officer_may_not_organise_another_province_or_a_regional_round(
    client, contest
):
    client.force_login(contest.user("officer"))
    response = client.post(
        ROUNDS,
        round_payload(contest, province=contest.world.bac_ninh.pk),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not organise a round of this level here."
    response = client.post(
        ROUNDS,
        round_payload(
            contest,
            level="region",
            region="north",
            province=None,
            organiser=contest.ministry_unit.pk,
        ),
        content_type="application/json",
    )
    assert response.status_code in (400, 403)  # the ministry's unit is not theirs to name
    assert not Round.objects.exists()


def test_the_ministry_creates_a_regional_round(client, contest):
    client.force_login(contest.user("ministry"))
    response = client.post(
        ROUNDS,
        round_payload(
            contest,
            level="region",
            region="north",
            province=None,
            organiser=contest.ministry_unit.pk,
            title="Bình chọn sản phẩm CNNT tiêu biểu khu vực miền Bắc",
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Round.objects.get().region == "north"


def test_another_provinces_officer_cannot_see_or_change_our_round(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("other_officer"))
    url = f"{ROUNDS}{round_.pk}/"
    assert client.get(url).status_code == 404
    response = client.patch(
        url, {"pass_mark": 50, "version": round_.version}, content_type="application/json"
    )
    assert response.status_code == 404
    # A juror sees the round they sit on but may not change it.
    client.force_login(contest.jurors[0])
    assert client.get(url).status_code == 200
    response = client.patch(
        url, {"pass_mark": 50, "version": round_.version}, content_type="application/json"
    )
    assert response.status_code == 403
    round_.refresh_from_db()
    assert round_.pass_mark == 70


# --- entries ----------------------------------------------------------------------------------


def test_an_officer_registers_an_entry_and_updates_it(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    response = client.post(ENTRIES, entry_payload(contest, round_), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    entry = Entry.objects.get(pk=body["id"])
    assert entry.province == contest.world.hung_yen
    assert body["establishment_name"] == contest.world.establishment.name

    url = f"{ENTRIES}{entry.pk}/"
    response = client.patch(
        url,
        {"product_name": "Khăn lụa thêu tay", "version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.product_name == "Khăn lụa thêu tay"
    response = client.patch(
        url, {"product_name": "Cũ", "version": body["version"]}, content_type="application/json"
    )
    assert response.status_code == 409
    entry.refresh_from_db()
    assert entry.product_name == "Khăn lụa thêu tay"


def test_eligibility_is_checked_and_nothing_saved(client, contest, world):
    round_ = contest.round()
    client.force_login(contest.user("ministry"))
    # Another province's establishment in a provincial round.
    response = client.post(
        ENTRIES,
        entry_payload(contest, round_, establishment=world.other_establishment.pk),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not in the province of the round" in response.json()["establishment"][0]
    # The declaration is required.
    response = client.post(
        ENTRIES,
        entry_payload(contest, round_, mass_producible=False),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "mass producible" in response.json()["mass_producible"][0]
    assert not Entry.objects.exists()


def test_a_regional_entry_needs_the_provincial_certificate(client, contest):
    _, winner, _ = contest.certified_round()
    regional = contest.regional_round()
    client.force_login(contest.user("ministry"))
    response = client.post(
        ENTRIES, entry_payload(contest, regional), content_type="application/json"
    )
    assert response.status_code == 400
    message = response.json()["lower_certificate"][0]
    assert "needs the product's certificate of the province level" in message
    assert not Entry.objects.filter(round=regional).exists()

    response = client.post(
        ENTRIES,
        entry_payload(contest, regional, lower_certificate=winner.certificate.pk),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(round=regional)
    assert entry.lower_certificate == winner.certificate

    # An external certificate of the wrong level is refused.
    response = client.post(
        ENTRIES,
        entry_payload(
            contest,
            regional,
            establishment=contest.second.pk,
            external_certificate_number="09/GCN-UBND",
            external_certificate_date=_iso(TODAY),
            external_certificate_level="commune",
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "level just below" in response.json()["external_certificate_level"][0]
    assert Entry.objects.filter(round=regional).count() == 1


def test_another_provinces_officer_cannot_register_or_change_our_entries(client, contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    client.force_login(contest.user("other_officer"))
    response = client.post(ENTRIES, entry_payload(contest, round_), content_type="application/json")
    assert response.status_code == 400  # the round is not found among theirs
    assert "round" in response.json()
    url = f"{ENTRIES}{entry.pk}/"
    assert client.get(url).status_code == 404
    response = client.patch(
        url, {"product_name": "X", "version": entry.version}, content_type="application/json"
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.product_name == "Tranh thêu tay phong cảnh"
    assert Entry.objects.count() == 1


def test_jurors_see_only_their_entries_and_cannot_change_them(client, contest):
    round_ = contest.round()
    mine = contest.entry(round_)
    other = contest.entry(round_, contest.second, product_name="Bình gốm men rạn")

    services.assign_jurors(entry=other, by=contest.user("officer"), jurors=[contest.jurors[1]])
    client.force_login(contest.jurors[0])
    rows = client.get(ENTRIES, {"round": round_.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert client.get(f"{ENTRIES}{other.pk}/").status_code == 404
    response = client.patch(
        f"{ENTRIES}{mine.pk}/",
        {"product_name": "X", "version": mine.version},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_results_are_read_through_the_certificates(client, contest):
    _, winner, _ = contest.certified_round()
    client.force_login(contest.user("officer"))
    rows = client.get("/api/v1/contest-certificates/", {"level": "province"}).json()["results"]
    assert [(r["number"], r["entry"]) for r in rows] == [(winner.certificate.number, winner.pk)]
    by_round = client.get("/api/v1/contest-certificates/", {"round": winner.round_id}).json()
    assert [r["entry"] for r in by_round["results"]] == [winner.pk]
    other = client.get("/api/v1/contest-certificates/", {"round": winner.round_id + 1000}).json()
    assert other["results"] == []
    detail = client.get(f"{ENTRIES}{winner.pk}/").json()
    assert detail["passed"] is True and detail["certificate_number"] == winner.certificate.number


def test_the_schema_describes_the_writes(client, contest):
    client.force_login(contest.user("admin"))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    rounds = schema["paths"]["/api/v1/contest-rounds/"]
    assert "post" in rounds
    assert "patch" in schema["paths"]["/api/v1/contest-rounds/{id}/"]
    entry = schema["paths"]["/api/v1/contest-entries/{id}/"]
    assert "409" in entry["patch"]["responses"]
    assert "/api/v1/contest-certificates/{id}/" in schema["paths"]
