"""Entries go in and out of Excel/CSV through the shared framework (slug `contest-entries`): an
organiser registers a list of products through the entry services, every bad row is listed by
row and column with nothing saved (also in Vietnamese), a round's export re-imports unchanged,
and another province's users can neither export nor import into our rounds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khuyencong.contests import services
from khuyencong.contests.models import Entry
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.projects.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

SLUG = "contest-entries"
COLUMNS = ("round", "establishment", "product_name", "group", "description", "mass_producible")


def headers(*names: str) -> list[str]:
    by_name = {c.name: str(c.header) for c in get_spec(SLUG).all_columns()}
    return [by_name[name] for name in names]


def _file(*rows: list, columns=COLUMNS) -> bytes:
    return xlsx([headers(*columns), *rows])


def _export(client, **params) -> bytes:
    response = client.get(reverse("core:export", args=[SLUG]), params)
    assert response.status_code == 200
    return response.content


def _import(client, data: bytes, name: str = "file.xlsx"):
    response = client.post(
        reverse("core:import", args=[SLUG]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    return response.context["result"], response.context["token"]


def _commit(client, data: bytes, name: str = "file.xlsx"):
    result, token = _import(client, data, name)
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    response = client.post(reverse("core:import_commit", args=[SLUG]), {"token": token})
    assert response.status_code == 302
    return result


def _errors(result) -> dict[tuple[int, str], str]:
    errors: dict[tuple[int, str], str] = {}
    for row in result.error_rows:
        for column, message in row.errors:
            key = (row.number, column)
            errors[key] = f"{errors[key]} | {message}" if key in errors else message
    return errors


def test_a_list_registers_its_products_and_the_same_file_again_changes_nothing(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    world = contest.world
    data = _file(
        [
            round_.pk,
            world.establishment.name,
            "Tranh thêu tay",
            "Handicraft and fine art",
            "",
            "Có",
        ],
        [round_.title.upper(), contest.second.name, "Bình gốm men rạn", "handicraft", "Gốm", "x"],
    )
    result = _commit(client, data)
    assert result.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    entries = Entry.objects.filter(round=round_).order_by("pk")
    assert [e.product_name for e in entries] == ["Tranh thêu tay", "Bình gốm men rạn"]
    assert entries[1].establishment == contest.second and entries[1].mass_producible
    result = _commit(client, data)
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert Entry.objects.count() == 2


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(client, contest, world):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    result, token = _import(
        client,
        _file(
            [round_.pk, world.establishment.name, "Sản phẩm tốt", "handicraft", "", "Có"],
            [round_.pk, "Cơ sở không có", "Khăn", "handicraft", "", "Có"],
            [round_.pk, world.other_establishment.name, "Đồng", "handicraft", "", "Có"],
            [round_.pk, contest.second.name, "", "bánh kẹo", "", "Có"],
            [round_.pk, contest.third.name, "Giỏ mây", "handicraft", "", "Không"],
            [999999, world.establishment.name, "Khăn", "handicraft", "", "Có"],
        ),
    )
    assert token is None
    errors = _errors(result)
    assert (3, "Establishment") in errors and "Cơ sở không có" in errors[(3, "Establishment")]
    # Another province's establishment is not named: not found in our area of work.
    assert "in your area of work" in errors[(4, "Establishment")]
    assert errors[(5, "Product name")] == "This value is required."
    assert "is not one of" in errors[(5, "Product group")]
    assert "mass producible" in errors[(6, "Mass producible, not a one-off")]
    assert "among the rounds you organise" in errors[(7, "Round")]
    assert result.counts["created"] == 1 and result.counts["rejected"] == 5
    assert not Entry.objects.exists()


def test_a_regional_row_without_the_certificate_of_the_level_below_is_refused(client, contest):
    _, winner, _ = contest.certified_round()
    regional = contest.regional_round()
    client.force_login(contest.user("ministry"))
    columns = (*COLUMNS, "lower_certificate")
    establishment = contest.world.establishment.name
    result, token = _import(
        client,
        _file(
            [regional.pk, establishment, "Tranh thêu tay", "handicraft", "", "Có", ""],
            columns=columns,
        ),
    )
    assert token is None
    message = _errors(result)[(2, "Certificate of the level below")]
    assert "needs the product's certificate of the province level" in message
    assert not Entry.objects.filter(round=regional).exists()
    number = winner.certificate.number
    result = _commit(
        client,
        _file(
            [regional.pk, establishment, "Tranh thêu tay", "handicraft", "", "Có", number],
            columns=columns,
        ),
    )
    assert Entry.objects.get(round=regional).lower_certificate == winner.certificate


def test_a_closed_registration_refuses_the_rows_on_the_round(client, contest):
    round_ = contest.round()
    contest.entry(round_)
    contest.act(round_, "start_scoring")
    client.force_login(contest.user("officer"))
    result, token = _import(
        client, _file([round_.pk, contest.second.name, "Gốm", "handicraft", "", "Có"])
    )
    assert token is None
    assert "Registration for this round is closed" in _errors(result)[(2, "Round")]


def test_the_export_of_a_round_reimports_unchanged(client, contest):
    round_ = contest.round()
    contest.entry(round_, description="Tranh thêu chỉ tơ tằm.\nKhổ 60 x 90 cm.")
    contest.entry(round_, contest.second, product_name="Bình gốm men rạn", group="other")
    other_round = contest.round(title="Bình chọn cấp tỉnh — đợt 2")
    contest.entry(other_round, contest.third, product_name="Giỏ mây")
    client.force_login(contest.user("officer"))
    data = _export(client, round=round_.pk)
    rows = read_xlsx(data)
    assert len(rows) == 3  # header and the round's two entries only
    assert "Bình gốm men rạn" in rows[2]
    before = list(Entry.objects.order_by("pk").values_list("pk", "version", "description"))
    result = _commit(client, data)
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    csv_data = _export(client, round=round_.pk, format="csv")
    result = _commit(client, csv_data, "entries.csv")
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    after = list(Entry.objects.order_by("pk").values_list("pk", "version", "description"))
    assert after == before


def test_an_edited_export_updates_through_the_service(client, contest):
    round_ = contest.round()
    entry = contest.entry(round_)
    client.force_login(contest.user("officer"))
    rows = read_xlsx(_export(client, round=round_.pk))
    index = rows[0].index("Product name")
    rows[1][index] = "Tranh thêu tay phong cảnh Hồ Gươm"
    result = _commit(client, xlsx(rows))
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    entry.refresh_from_db()
    assert entry.product_name == "Tranh thêu tay phong cảnh Hồ Gươm"
    assert entry.version == 2


def test_dry_run_messages_in_vietnamese(client, contest, world, settings):
    round_ = contest.round()
    client.force_login(contest.user("ministry"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    with translation.override("vi"):
        headers_vi = headers(*COLUMNS)
    data = xlsx(
        [headers_vi, [round_.pk, world.other_establishment.name, "Đồng", "handicraft", "", "Có"]]
    )
    result, token = _import(client, data)
    assert token is None
    messages = [m for row in result.error_rows for _, m in row.errors]
    assert "Cơ sở không thuộc tỉnh tổ chức bình chọn." in messages


def test_another_province_can_neither_export_nor_import_our_rounds(client, contest):
    round_ = contest.round()
    contest.entry(round_)
    client.force_login(contest.user("other_officer"))
    response = client.get(reverse("core:export", args=[SLUG]), {"round": round_.pk})
    assert response.status_code == 404
    assert len(read_xlsx(_export(client))) == 1  # only the header: none of ours
    result, token = _import(
        client, _file([round_.pk, contest.second.name, "Gốm", "handicraft", "", "Có"])
    )
    assert token is None
    assert "among the rounds you organise" in _errors(result)[(2, "Round")]
    assert Entry.objects.count() == 1


def test_jurors_export_only_their_entries_and_may_not_import(client, contest):
    round_ = contest.round()
    mine = contest.entry(round_)
    other = contest.entry(round_, contest.second, product_name="Bình gốm men rạn")
    services.assign_jurors(entry=other, by=contest.user("officer"), jurors=[contest.jurors[1]])
    client.force_login(contest.jurors[0])
    rows = read_xlsx(_export(client, round=round_.pk))
    assert [r[0] for r in rows[1:]] == [mine.pk]
    assert client.get(reverse("core:import", args=[SLUG])).status_code == 403


def test_the_round_page_links_export_and_import_for_organisers_only(client, contest):
    round_ = contest.round()
    client.force_login(contest.user("officer"))
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'id="export-entries"' in page and 'id="import-entries"' in page
    client.force_login(contest.jurors[0])
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'id="import-entries"' not in page


def test_the_template_downloads(client, contest):
    client.force_login(contest.user("officer"))
    response = client.get(reverse("core:import_template", args=[SLUG]))
    assert response.status_code == 200
    header = read_xlsx(response.content)[0]
    assert header[:4] == ["System ID", "Round", "Establishment", "Product name"]


def test_a_regional_export_with_certificates_reimports_unchanged(client, contest):
    _, winner, _ = contest.certified_round()
    regional = contest.regional_round()
    contest.entry(regional, by="ministry", lower_certificate=winner.certificate)
    contest.entry(
        regional,
        contest.second,
        by="ministry",
        product_name="Bình gốm men rạn",
        external_certificate_number="15/GCN-UBND",
        external_certificate_date=TODAY - datetime.timedelta(days=400),
        external_certificate_level="province",
    )
    client.force_login(contest.user("ministry"))
    for params, name in (({}, "entries.xlsx"), ({"format": "csv"}, "entries.csv")):
        data = _export(client, round=regional.pk, **params)
        result = _commit(client, data, name)
        assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    rows = read_xlsx(_export(client, round=regional.pk))
    header = rows[0]
    assert rows[1][header.index("Certificate of the level below")] == winner.certificate.number
    assert rows[2][header.index("External certificate number")] == "15/GCN-UBND"
