"""The pages: rounds list and detail, entry form and detail, the juror's scoring screen with
"save and next", results, the catalogue, the report and the establishment's card."""

import pytest
from django.urls import reverse

from khuyencong.contests.models import Entry, Score
from khuyencong.contests.tests.conftest import png
from khuyencong.core.panels import panels_for

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_round_and_registers_an_entry(client, contest, world):
    client.force_login(contest.user("officer"))
    tt = contest.timetable()
    response = client.post(
        reverse("contests:round_create"),
        {
            "title": "Bình chọn SP CNNT tiêu biểu tỉnh Hưng Yên",
            "level": "province",
            "year": tt["registration_opens"].year,
            "organiser": world.centre.pk,
            "province": world.hung_yen.pk,
            **{k: v.strftime("%d/%m/%Y") for k, v in tt.items()},
            "pass_mark": 70,
            "certificate_years": 3,
            "jurors": [j.pk for j in contest.jurors],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    round_url = response["Location"]
    page = client.get(round_url)
    assert "Market and production capacity" in page.content.decode()
    pk = int(round_url.rstrip("/").split("/")[-1])
    response = client.post(
        reverse("contests:entry_create", args=[pk]),
        {
            "establishment": world.establishment.pk,
            "product_name": "Tranh thêu tay",
            "group": "handicraft",
            "mass_producible": "on",
            "photo": png(),
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.photos.count() == 1
    assert "Tranh thêu tay" in client.get(entry.get_absolute_url()).content.decode()


def test_the_declaration_is_required_on_the_form(client, contest, world):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    response = client.post(
        reverse("contests:entry_create", args=[round_.pk]),
        {"establishment": world.establishment.pk, "product_name": "X", "group": "other"},
    )
    assert response.status_code == 200
    assert "mass producible, not a one-off" in response.content.decode()
    assert not Entry.objects.exists()


def test_the_juror_scores_and_goes_to_the_next_entry(client, contest):
    round_ = contest.round()
    first = contest.entry(round_)
    second = contest.entry(round_, contest.second, product_name="Bình gốm")
    contest.act(round_, "start_scoring")
    juror = contest.jurors[0]
    client.force_login(juror)
    page = client.get(reverse("contests:score", args=[first.pk]))
    assert page.status_code == 200
    assert 'max="10"' in page.content.decode()
    data = {f"c{pk}": value for pk, value in contest.sheet(round_, 0.8).items()}
    response = client.post(reverse("contests:score", args=[first.pk]), {**data, "next": "1"})
    assert response["Location"] == reverse("contests:score", args=[second.pk])
    assert Score.objects.filter(juror=juror, entry=first).count() == len(data)

    # Above a maximum: refused next to the field, nothing saved.
    key = next(iter(data))
    response = client.post(reverse("contests:score", args=[second.pk]), {**data, key: "99"})
    assert response.status_code == 200
    assert "at most" in response.content.decode()
    assert not Score.objects.filter(entry=second).exists()


def test_results_catalogue_report_and_the_establishment_card(client, contest, world):
    round_, winner, loser = contest.certified_round()
    client.force_login(contest.user("viewer_country"))
    results = client.get(reverse("contests:round_results", args=[round_.pk])).content.decode()
    assert 'data-passed="yes"' in results and 'data-passed="no"' in results
    catalogue = client.get(reverse("contests:catalogue")).content.decode()
    assert winner.product_name in catalogue and loser.product_name not in catalogue
    assert winner.certificate.number in catalogue
    photo = winner.photos.get()
    assert client.get(reverse("contests:photo", args=[photo.pk])).status_code == 200
    report = client.get(reverse("contests:report")).content.decode()
    assert 'data-level="province" data-products="1" data-establishments="1"' in report
    [card] = [
        p
        for p in panels_for(contest.user("officer"), world.establishment)
        if p["template"] == "contests/_establishment_panel.html"
    ]
    assert card["panel"].certificates == [winner.certificate]
    assert [e.pk for e in card["panel"].entries] == [winner.pk]
    for name in ("round_list",):
        assert client.get(reverse(f"contests:{name}")).status_code == 200


def test_actions_through_the_page(client, contest):
    round_ = contest.round()
    contest.entry(round_)
    client.force_login(contest.user("manager"))
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'data-action="start_scoring"' in page
    response = client.post(
        reverse("contests:round_transition", args=[round_.pk, "start_scoring"]),
        {"version": round_.version},
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == "scoring"
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "No entry has been scored yet." in page


def test_every_organiser_page_opens(client, contest):
    round_, winner, _ = contest.certified_round()
    contest.regional_round()
    client.force_login(contest.user("manager"))
    for name in ("round_edit", "conflict_add", "certify", "nominate", "entry_create"):
        status = client.get(reverse(f"contests:{name}", args=[round_.pk])).status_code
        assert status in (200, 302), name
    assert client.get(reverse("contests:round_edit", args=[round_.pk])).status_code == 200
    assert client.get(reverse("contests:round_results", args=[round_.pk])).status_code == 200
    assert client.get(reverse("contests:files_add", args=[winner.pk])).status_code == 200
    document = winner.documents.get()
    assert client.get(reverse("contests:document", args=[document.pk])).status_code == 200
