"""The phase report's summary paragraph, written from its numbers."""

from khuyencong.reports import narrative
from khuyencong.reports.params import Period, ReportParams
from khuyencong.reports.tests.helpers import run


def test_phase_summary_of_the_fixture(data, world):
    result = run(
        "phase", world.users["officer"], province=world.hung_yen, period=Period.phase(2016, 2024)
    )
    paragraphs = result.section("summary").paragraphs
    assert result.sections[0].key == "summary"
    assert paragraphs[0] == (
        "In the period 2016-2024, the whole province carried out 3 projects with total "
        "funding of 690 million VND; of which national industrial-extension funds 180 million "
        "VND; local industrial-extension funds 160 million VND; counterpart funds of the "
        "establishments 350 million VND."
    )
    assert paragraphs[1].startswith(
        "Notable results: 2 vocational training projects trained 68 people; 2 projects of the "
        "content “Đào tạo nghề, truyền nghề và phát triển nghề” (210 million VND); 1 project of "
        "the content “Xây dựng mô hình trình diễn kỹ thuật"
    )
    assert paragraphs[2] == (
        "2 projects have been accepted; 175 million VND of state support has been disbursed "
        "(51,5% of the approved state support)."
    )


def test_thai_binh_phase_numbers_read_the_vietnamese_way(world):
    params = ReportParams(
        user=world.users["ministry"],
        period=Period.phase(2014, 2019),
        province=world.hung_yen,
    )
    paragraphs = narrative.phase_summary(
        params=params,
        projects=193,
        total={
            "approved": 19_448_500_000,
            "state": 19_448_500_000,
            "state_disbursed": 19_448_500_000,
            "disbursed": 19_448_500_000,
        },
        sources={"local": {"approved": 19_448_500_000}},
        contents=[],
        training={"projects": 56, "people": 5535},
        accepted=193,
        failed_checks=1,
    )
    assert paragraphs[0].startswith(
        "In the period 2014-2019, the whole province carried out 193 projects with total "
        "funding of 19.448,5 million VND; of which local industrial-extension funds 19.448,5"
    )
    assert paragraphs[1] == "Notable results: 56 vocational training projects trained 5.535 people."
    assert "(100% of the approved state support)" in paragraphs[2]
    assert paragraphs[3].startswith("Note: 1 check of these figures does not reconcile")


def test_empty_phase_says_so(world):
    result = run(
        "phase", world.users["officer"], province=world.hung_yen, period=Period.phase(2001, 2003)
    )
    assert result.empty
    assert result.section("summary").paragraphs == [
        "In the period 2001-2003, no project was carried out in the scope of this report."
    ]


def test_national_phase_speaks_of_the_country(data, world):
    result = run("phase", world.users["ministry"], period=Period.phase(2024, 2024))
    assert (
        result.section("summary")
        .paragraphs[0]
        .startswith("In 2024, the whole country carried out 3 projects")
    )


def test_a_half_year_summary(data, world):
    result = run(
        "phase", world.users["officer"], province=world.hung_yen, period=Period.half(2024, 1)
    )
    assert (
        result.section("summary")
        .paragraphs[0]
        .startswith("In the first half of 2024, the whole province carried out 2 projects")
    )
