import pytest
from django.db import transaction

from khuyencong.accounts import services
from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory
from khuyencong.core.concurrency import StaleVersionError

pytestmark = pytest.mark.django_db


def test_second_writer_with_a_stale_version_is_refused_and_nothing_is_saved():
    manager = UserFactory(role=Role.PROVINCIAL_MANAGER)
    org = OrganisationFactory(province=manager.province)
    first = Organisation.objects.get(pk=org.pk)
    second = Organisation.objects.get(pk=org.pk)
    services.organisation_update(organisation=first, by=manager, expected_version=1, phone="111")
    with pytest.raises(StaleVersionError), transaction.atomic():
        services.organisation_update(
            organisation=second, by=manager, expected_version=1, phone="222"
        )
    stored = Organisation.objects.get(pk=org.pk)
    assert stored.phone == "111"
    assert stored.version == 2
