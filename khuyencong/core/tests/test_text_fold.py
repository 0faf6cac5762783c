from khuyencong.core.text import fold


def test_fold_ignores_diacritics_case_and_spacing():
    assert fold("Thái Bình") == "thai binh"
    assert fold("ĐẮK  LẮK") == "dak lak"
    assert fold("Thuỷ Nguyên") == fold("Thủy Nguyên") == "thuy nguyen"
    assert fold(None) == ""
