from khuyencong.reports import registry
from khuyencong.reports.params import BOTH, TODAY, Period, ReportParams


def run(slug, user, period=None, province=None, programme=BOTH, grouping=TODAY):
    params = ReportParams(
        user=user,
        period=period or Period.year(2024),
        programme=programme,
        province=province,
        grouping=grouping,
    )
    return registry.get(slug).compute(params)


def rows_by(table, key):
    return {row[key]: row for row in table.rows}
