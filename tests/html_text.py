"""Words a reader sees in an HTML brief: text outside <style>, <script> and the SVG <title> and
<desc> elements (read by screen readers, not printed). Used by the length tests and
bench/brief.py."""

from __future__ import annotations

from html.parser import HTMLParser

HIDDEN = ("style", "script", "title", "desc")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.section: str | None = None
        self.words: dict[str | None, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "section":
            self.section = dict(attrs).get("id")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
        elif tag == "section":
            self.section = None

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words[self.section] = self.words.get(self.section, 0) + len(data.split())


def words_by_section(page: str) -> dict[str | None, int]:
    """Visible words of an HTML page, by the id of the <section> they fall in."""
    parser = _Text()
    parser.feed(page)
    return parser.words


def visible_words(page: str) -> int:
    """How many words of an HTML page a reader sees."""
    return sum(words_by_section(page).values())
