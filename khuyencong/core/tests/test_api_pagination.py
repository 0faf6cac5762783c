"""The API pages its lists: 50 rows by default, ?page_size= up to 500."""

import pytest

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_page_size_is_honoured_up_to_the_maximum(client):
    user = UserFactory(role=Role.ADMIN, province=None)
    for _ in range(3):
        OrganisationFactory()
    client.force_login(user)
    data = client.get("/api/v1/organisations/", {"page_size": 2}).json()
    assert len(data["results"]) == 2 and data["next"]
    data = client.get("/api/v1/organisations/", {"page_size": 100000}).json()
    assert len(data["results"]) == data["count"] <= 500
