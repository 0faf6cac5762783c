import pytest

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory
from khuyencong.core.actor import acting_as
from khuyencong.core.history import record_event
from khuyencong.core.models import ChangeRecord
from khuyencong.core.selectors import history_of, timeline

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_recorded_with_who_and_before_after():
    officer = UserFactory()
    with acting_as(officer):
        org = OrganisationFactory(name="Trung tâm A", phone="0221 111")
        org.phone = "0221 222"
        org.save()
    records = list(history_of(org).order_by("at", "id"))
    assert [r.action for r in records] == ["create", "update"]
    assert records[1].changes == {"phone": ["0221 111", "0221 222"]}
    assert records[1].user == officer and records[1].user_label == officer.username
    assert records[1].province_id == org.province_id
    assert records[0].request_id == records[1].request_id

    pk = org.pk
    org.delete()
    deleted = ChangeRecord.objects.get(object_id=pk, action="delete")
    assert deleted.changes["name"] == ["Trung tâm A", None]


def test_saving_without_changes_records_nothing():
    org = OrganisationFactory()
    before = history_of(org).count()
    Organisation.objects.get(pk=org.pk).save()
    assert history_of(org).count() == before


def test_object_not_loaded_from_database_still_diffs_against_stored_values():
    org = OrganisationFactory(name="Cũ")
    detached = Organisation(
        pk=org.pk, name="Mới", kind=org.kind, province=org.province, created_at=org.created_at
    )
    detached.save()
    change = history_of(org).filter(action="update").get()
    assert change.changes["name"] == ["Cũ", "Mới"]


def test_named_event_and_readable_timeline():
    org = OrganisationFactory(is_active=True)
    org.is_active = False
    org.save()
    record_event(org, "organisation.closed", note="Giải thể", data={"decision": "12/QĐ-UBND"})
    entries = timeline(history_of(org), Organisation)
    assert entries[0]["record"].event == "organisation.closed"
    update = next(e for e in entries if e["record"].action == "update")
    row = update["rows"][0]
    assert (row["before"], row["after"]) == ("Có", "Không")
    created = next(e for e in entries if e["record"].action == "create")
    province_row = next(r for r in created["rows"] if r["label"].lower() == "tỉnh/thành phố")
    assert province_row["after"] == str(org.province)


def test_password_changes_are_never_logged():
    user = UserFactory()
    user.set_password("mot-mat-khau-moi-123")
    user.save()
    for record in history_of(user):
        assert "password" not in record.changes


def test_many_to_many_changes_are_recorded():
    from khuyencong.geo.models import Commune

    user = UserFactory(role="collaborator")
    communes = list(Commune.objects.current().filter(province=user.province)[:2])
    user.communes.set(communes)
    change = history_of(user).filter(changes__has_key="communes").first()
    assert change is not None
    assert sorted(change.changes["communes"][1]) == sorted(c.pk for c in communes)


def test_named_events_show_a_readable_label_in_the_timeline(client):
    from django.urls import reverse

    from khuyencong.accounts.roles import Role

    manager = UserFactory(role=Role.PROVINCIAL_MANAGER)
    org = OrganisationFactory(province=manager.province)
    record_event(org, "establishment.merged", data={"target": "Công ty A"})
    client.force_login(manager)
    body = client.get(reverse("accounts:organisation_detail", args=[org.pk])).content.decode()
    assert "Đã gộp hồ sơ cơ sở" in body and "establishment.merged" not in body


@pytest.mark.django_db
def test_a_row_loaded_with_only_some_fields_is_logged_when_saved():
    from khuyencong.accounts.models import Organisation
    from khuyencong.accounts.tests.factories import OrganisationFactory
    from khuyencong.core.models import ChangeRecord

    organisation = OrganisationFactory(name="Trung tâm A")
    partial = Organisation.objects.only("pk", "name").get(pk=organisation.pk)
    partial.name = "Trung tâm B"
    partial.save(update_fields=["name"])
    change = ChangeRecord.objects.filter(object_id=organisation.pk, action="update").latest("at")
    assert change.changes["name"] == ["Trung tâm A", "Trung tâm B"]
