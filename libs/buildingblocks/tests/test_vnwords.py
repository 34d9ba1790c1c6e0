import pytest

from buildingblocks.vnwords import amount_in_words, number_in_words


@pytest.mark.parametrize("n, words", [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (100, "một trăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1_000, "một nghìn"),
    (1_005, "một nghìn không trăm linh năm"),
    (10_000, "mười nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (2_000_000_000, "hai tỷ"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
    (1_234_567_890, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi"),
    (1_000_000_000_000, "một nghìn tỷ"),
])
def test_numbers_in_vietnamese_words(n, words):
    assert number_in_words(n) == words


def test_amount_in_words_is_capitalised_and_in_dong():
    assert amount_in_words(1_500_000) == "Một triệu năm trăm nghìn đồng"
    assert amount_in_words(0) == "Không đồng"


def test_only_whole_numbers():
    with pytest.raises(TypeError):
        number_in_words(1.5)
    assert number_in_words(-5) == "âm năm"
