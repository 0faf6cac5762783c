"""The organiser edits the scoring sheet before scoring and assigns jurors to an entry; the
assignment then decides who may score it."""

import pytest
from django.urls import reverse

from khuyencong.contests.models import Criterion

pytestmark = pytest.mark.django_db


def test_the_organiser_edits_the_sheet_before_scoring(client, contest):
    round_ = contest.round()
    criteria = list(Criterion.objects.filter(group__round=round_).order_by("pk"))
    client.force_login(contest.user("officer"))
    url = reverse("contests:sheet_edit", args=[round_.pk])
    assert client.get(url).status_code == 200
    data = {f"c{c.pk}": c.max_points for c in criteria}
    data[f"c{criteria[0].pk}"] = 0
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    criteria[0].refresh_from_db()
    assert criteria[0].max_points != 0
    data[f"c{criteria[0].pk}"] = criteria[0].max_points + 1
    data[f"c{criteria[1].pk}"] = criteria[1].max_points - 1
    assert client.post(url, data).status_code == 302
    criteria[0].refresh_from_db()
    assert criteria[0].max_points == data[f"c{criteria[0].pk}"]
    client.force_login(contest.jurors[0])
    assert client.get(url).status_code in (403, 404)


def test_the_organiser_assigns_jurors_to_an_entry(client, contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    client.force_login(contest.user("officer"))
    url = reverse("contests:jurors_edit", args=[entry.pk])
    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'id="assign-jurors"' in page
    assert client.post(url, {"jurors": [contest.jurors[0].pk]}).status_code == 302
    assert list(entry.jurors.all()) == [contest.jurors[0]]
    from khuyencong.contests.services import is_assigned

    assert is_assigned(contest.jurors[0], entry)
    assert not is_assigned(contest.jurors[1], entry)
    outsider = contest.user("manager")
    response = client.post(url, {"jurors": [outsider.pk]})
    assert response.status_code == 200 and response.context["form"].errors
    client.force_login(contest.jurors[1])
    assert client.get(url).status_code in (403, 404)
