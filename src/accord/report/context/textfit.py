"""Measure and wrap chart labels without a font at run time, so the same input lays out the same.

The charts name their font (DejaVu Sans, which the brief's CSS asks for first and WeasyPrint
and the browser tests use). Its advance widths are tabled here, so a label's width is known
without reading a font file and the layout does not depend on the fonts a machine has
installed. The figures are the horizontal advances of DejaVu Sans 2.37 (regular and bold) in
font units of 1/2048 em, read with fontTools (`TTFont(path)["hmtx"]` for the characters
space to tilde). Characters outside the table are measured by their unaccented letter, else
as one em, wider than almost every glyph, so an unknown character can only make a label wrap
earlier, never overflow. SLACK adds a margin for a fallback font a little wider than DejaVu.
"""

from __future__ import annotations

import unicodedata

UNITS_PER_EM = 2048
SLACK = 1.06

# Advances of the characters U+0020 (space) to U+007E (tilde), in order.
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
)  # fmt: skip
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048,
    1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741, 1501,
    1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024, 1024,
    1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407, 1466,
    1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716,
)  # fmt: skip
# Typographic punctuation a label may carry: (regular, bold).
_PUNCTUATION = {
    "\u2018": (651, 778),
    "\u2019": (651, 778),
    "\u201c": (1061, 1346),
    "\u201d": (1061, 1346),
    "\u2013": (1024, 1024),
    "\u2014": (2048, 2048),
    "\u2026": (2048, 2048),
    "\u00b7": (651, 778),
    "\u00a0": (651, 713),
}


def _advance(ch: str, bold: bool) -> int:
    if " " <= ch <= "~":
        return (_BOLD if bold else _REGULAR)[ord(ch) - 32]
    if ch in _PUNCTUATION:
        return _PUNCTUATION[ch][1 if bold else 0]
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base and " " <= base <= "~":
        return (_BOLD if bold else _REGULAR)[ord(base) - 32]
    return UNITS_PER_EM + (UNITS_PER_EM // 10 if bold else 0)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in user units at font size `size` (user units), with SLACK.

    Kerning is ignored: it only narrows DejaVu Sans text. Raises nothing.
    """
    return sum(_advance(ch, bold) for ch in text) * size / UNITS_PER_EM * SLACK


def wrap(text: str, size: float, width: float, bold: bool = False) -> tuple[str, ...]:
    """Break text into lines no wider than `width` user units at font size `size`.

    Breaks at spaces; a single word wider than the line is split between characters, so no
    part of a label is ever cut off. Returns at least one line ('' for empty text).
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if current and text_width(current + ch, size, bold) > width:
                lines.append(current)
                current = ""
            current += ch
    if current or not lines:
        lines.append(current)
    return tuple(lines)
