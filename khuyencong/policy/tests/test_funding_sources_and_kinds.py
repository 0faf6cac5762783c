from khuyencong.policy.selectors import establishment_kinds, funding_sources


def test_funding_sources_are_present_in_order(reference):
    sources = list(funding_sources())
    assert [s.code for s in sources] == [
        "national",
        "local",
        "counterpart",
        "other_programmes",
        "other",
    ]
    assert {s.code for s in sources if s.is_state_budget} == {"national", "local"}
    assert sources[0].name == "Kinh phí khuyến công quốc gia"
    assert all(s.name_en for s in sources)


def test_kinds_of_establishment_are_present_with_short_names(reference):
    kinds = {k.code: k for k in establishment_kinds()}
    assert list(kinds) == [
        "enterprise",
        "cooperative",
        "cooperative_union",
        "cooperative_group",
        "household_business",
    ]
    assert [k.short_name for k in kinds.values()] == ["DN", "HTX", "LHHTX", "THT", "HKD"]
    assert kinds["cooperative_union"].name == "Liên hiệp hợp tác xã"
