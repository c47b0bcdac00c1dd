"""`accord brief --template-dir DIR`: a brief.extra.css there adds to the shipped styles, in
HTML and in the printed PDF; a brief.css there still replaces them."""

from __future__ import annotations

from click.testing import CliRunner

from accord.cli import main
from tests.brief_support import ARTIFACTS, ROOT
from tests.chart_support import count_near, needs_pdf_tools, page_image

EXAMPLE = ROOT / "examples" / "buddying.yaml"
SHIPPED = (ROOT / "src/accord/report/templates/brief.css").read_text(encoding="utf-8")
EXTRA = "h1 { color: #00c000; }\n"


def brief(tmp_path, out_name: str) -> tuple[int, str]:
    out = tmp_path / out_name
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1767225600"}).invoke(
        main, ["brief", str(EXAMPLE), "--template-dir", str(tmp_path / "tpl"), "-o", str(out)]
    )
    return result.exit_code, result.output


def test_extra_css_is_added_after_the_shipped_styles(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.extra.css").write_text(EXTRA, encoding="utf-8")
    code, output = brief(tmp_path, "b.html")
    assert code == 0, output
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    shipped_rule = SHIPPED.splitlines()[3]  # a line of the shipped stylesheet
    assert shipped_rule in style and EXTRA.strip() in style
    assert style.index(shipped_rule) < style.index(EXTRA.strip()), "extra css comes first"


def test_extra_css_reaches_the_pdf(tmp_path):
    needs_pdf_tools()
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.extra.css").write_text(EXTRA, encoding="utf-8")
    code, output = brief(tmp_path, "b.pdf")
    assert code == 0, output
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    first = page_image(tmp_path / "b.pdf", 1, ARTIFACTS / "extra-css-page-1", dpi=60)
    assert count_near(first, "#00c000") > 30, "the title is not in the extra stylesheet's green"
    # the shipped styles still apply: the call's box keeps its border colour (#a4271b, high
    # concern; #7a5a00, some concern; #1f6f3f, low concern)
    borders = [count_near(first, c) for c in ("#a4271b", "#7a5a00", "#1f6f3f", "#6b6b6b")]
    assert max(borders) > 30, borders


def test_a_brief_css_in_the_folder_still_replaces_the_shipped_one(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    code, output = brief(tmp_path, "b.html")
    assert code == 0, output
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert "#123456" in style and SHIPPED.splitlines()[3] not in style
