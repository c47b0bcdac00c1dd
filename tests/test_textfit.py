"""Chart label measuring and wrapping (report/context/textfit.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.report.context.textfit import text_width, wrap


def test_widths_follow_the_font_table():
    # DejaVu Sans: 'm' is wider than 'i', bold is wider than regular, size scales linearly
    assert text_width("m", 13) > 2 * text_width("i", 13)
    assert text_width("Trust", 13, bold=True) > text_width("Trust", 13)
    assert abs(text_width("Trust", 26) - 2 * text_width("Trust", 13)) < 1e-9
    # an accented letter measures as its base letter; an unknown character as a wide one
    assert text_width("é", 13) == text_width("e", 13)
    assert text_width("\u4e2d", 13) >= text_width("M", 13)


def test_wrap_breaks_at_spaces_and_keeps_every_word():
    label = "Approach to conflict resolution and accountability"
    lines = wrap(label, 13, 176)
    assert len(lines) > 1 and " ".join(lines) == label
    assert all(text_width(line, 13) <= 176 for line in lines)
    assert wrap("Trust", 13, 176) == ("Trust",)
    assert wrap("", 13, 176) == ("",)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=80))
def test_wrapped_lines_fit_and_lose_nothing(text):
    lines = wrap(text, 12, 60)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        # a line is only wider than the box when it is one character that alone is wider
        assert text_width(line, 12) <= 60 or len(line) == 1
