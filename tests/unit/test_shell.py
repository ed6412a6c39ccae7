"""The honouree pages' shell: split once at its markers, filled per honouree (thidua.publish.shell)."""

from __future__ import annotations

import pytest

from thidua.publish.shell import BODY, HEAD, SLOT, TITLE, Shell, ShellError

RENDERED = (
    f'<html><head><link rel="canonical" href="https://x/ton-vinh/{SLOT}/"><title>{TITLE} - Site</title>{HEAD}</head>'
    f'<body><a href="../../en/ton-vinh/{SLOT}/">English</a><h2>{TITLE}</h2><main>{BODY}</main></body></html>'
)


def test_fill_puts_each_value_in_every_place_of_its_marker() -> None:
    page = Shell.parse(RENDERED).fill("tran-thi-b", "Trần Thị B &amp; C", '<meta property="og:title">', "<article>x</article>")
    assert page == (
        '<html><head><link rel="canonical" href="https://x/ton-vinh/tran-thi-b/"><title>Trần Thị B &amp; C - Site</title>'
        '<meta property="og:title"></head><body><a href="../../en/ton-vinh/tran-thi-b/">English</a>'
        "<h2>Trần Thị B &amp; C</h2><main><article>x</article></main></body></html>"
    )


def test_values_are_not_read_as_markers() -> None:
    # A story that happens to contain a marker's text is printed as it is, not filled in again.
    page = Shell.parse(RENDERED).fill("a", "A", "", f"<p>{SLOT} {TITLE} {HEAD}</p>")
    assert f"<p>{SLOT} {TITLE} {HEAD}</p>" in page


@pytest.mark.parametrize(
    "html, message",
    [
        (RENDERED.replace(BODY, ""), f"{BODY} marker 0 times"),
        (RENDERED.replace(HEAD, HEAD + HEAD), f"{HEAD} marker 2 times"),
        (RENDERED.replace(TITLE, "T"), f"title marker {TITLE}"),
    ],
)
def test_a_theme_that_loses_or_repeats_a_marker_is_an_error(html: str, message: str) -> None:
    with pytest.raises(ShellError, match=message):
        Shell.parse(html)
