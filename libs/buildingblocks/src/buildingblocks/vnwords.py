"""Amounts in Vietnamese words, as a payment request writes them ("Một triệu năm trăm nghìn đồng").

The reading follows the usual rules of Vietnamese administrative documents: groups of three
digits read as "trăm", "mươi"/"mười", with "linh" for a zero tens digit after hundreds,
"mốt" for a final 1 after "mươi", "lăm" for a final 5 after a tens digit, "tư" for a final 4
after "mươi", and "không trăm" for an inner group under one hundred.
"""
from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ"]


def _tens_and_units(tens: int, units: int) -> list[str]:
    words: list[str] = []
    if tens == 0:
        if units:
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
        return words
    words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt")
    elif units == 4:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; `full` reads the hundreds even when zero ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append("linh")
    return words + _tens_and_units(tens, units)


def number_in_words(n: int) -> str:
    """A whole number in Vietnamese words, lower case ("một triệu năm trăm nghìn")."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("a whole number")
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return "không"
    # beyond 999 tỷ the scale repeats: "nghìn tỷ", "triệu tỷ"
    billions, below = divmod(n, 10**9)
    words: list[str] = []
    if billions:
        words += number_in_words(billions).split() + ["tỷ"]
    groups = [(below // 10**6) % 1000, (below // 10**3) % 1000, below % 1000]
    for index, value in enumerate(groups):
        if value == 0:
            continue
        full = bool(words)  # an inner group reads its hundreds: "một nghìn không trăm linh năm"
        words += _group(value, full)
        scale = SCALES[2 - index]
        if scale:
            words.append(scale)
    return " ".join(words)


def amount_in_words(amount_vnd: int) -> str:
    """An amount of money as a document writes it: capitalised, ending in "đồng"."""
    text = number_in_words(amount_vnd) + " đồng"
    return text[0].upper() + text[1:]
