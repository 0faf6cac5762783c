"""List pages do not run more queries when they show more rows."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _entries(contest, round_, n):
    for i in range(n):
        contest.entry(round_, product_name=f"Sản phẩm {i}")


@pytest.mark.parametrize("name", ["contests:round_list", "contests:catalogue", "contests:report"])
def test_list_pages(client, contest, django_assert_max_num_queries, name):
    for i in range(2):
        contest.round(title=f"Vòng {i}")
    _certified, _, _ = contest.certified_round()
    client.force_login(contest.user("officer"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name)).status_code == 200
    for i in range(4):
        contest.round(title=f"Vòng thêm {i}")
    contest.certified_round()
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name)).status_code == 200


def test_round_page_and_entry_list(client, contest, django_assert_max_num_queries):
    round_ = contest.round()
    _entries(contest, round_, 2)
    client.force_login(contest.user("officer"))
    with django_assert_max_num_queries(45) as few:
        client.get(round_.get_absolute_url())
    _entries(contest, round_, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(round_.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/v1/contest-entries/", "/api/v1/contest-rounds/", "/system/export/contest-entries/"],
)
def test_api_lists_and_the_export(client, contest, django_assert_max_num_queries, url):
    round_ = contest.round()
    _entries(contest, round_, 2)
    client.force_login(contest.user("officer"))
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    _entries(contest, round_, 6)
    contest.round(title="Vòng thêm")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
