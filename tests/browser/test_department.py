"""A Department's archive home in Chromium: the directory of everyone filtered by campaign, year, unit, kind
and award with its state in the address, and the header's search over every campaign, each result labelled
with its campaign and the list of campaigns narrowing it. On the fixture Department (tests/conftest.py)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import DEPARTMENT_CAMPAIGNS, copy_department, run_build

from .conftest import QuietHandler, Served, new_context
from .test_search import search

OTHER = "thi-dua-ai-quoc-2018"


@pytest.fixture(scope="module")
def department_site(tmp_path_factory):
    project = copy_department(tmp_path_factory.mktemp("department-browser") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(result.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(result.site, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, department_site):
    context = new_context(browser, department_site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def listed(page) -> list[tuple[str, str]]:
    return [tuple(item) for item in page.evaluate(
        "[...document.querySelectorAll('[data-td-everyone-list] > li')].map(li => [li.dataset.campaign, li.dataset.honouree])"
    )]


def test_the_directory_of_everyone_filters_by_campaign_and_kind_with_its_state_in_the_address(page, department_site) -> None:
    index = json.loads((department_site.site / "ton-vinh" / "danh-sach.json").read_text(encoding="utf-8"))
    entries = {(c["slug"], h[0]): h for c in index["campaigns"] for h in c["honourees"]}
    page.goto(department_site.url(f"ton-vinh/?campaign={OTHER}"))
    page.wait_for_selector("[data-td-everyone-list] > li")
    shown = listed(page)
    assert shown and {campaign for campaign, _ in shown} == {OTHER}
    assert len(shown) == sum(1 for campaign, _ in entries if campaign == OTHER)
    assert page.locator("select[name=campaign]").input_value() == OTHER
    page.select_option("select[name=campaign]", "")
    page.wait_for_function(f"document.querySelectorAll('[data-td-everyone-list] > li').length === {len(entries)}")
    assert {campaign for campaign, _ in listed(page)} == set(DEPARTMENT_CAMPAIGNS)
    assert urlsplit(page.url).query == ""
    page.select_option("select[name=kind]", "collective")
    page.wait_for_function("location.search.includes('kind=collective')")
    collectives = listed(page)
    assert collectives and all(entries[item][2] == "collective" for item in collectives)
    assert len(collectives) == sum(1 for h in entries.values() if h[2] == "collective")
    assert parse_qs(urlsplit(page.url).query) == {"kind": ["collective"]}
    # Each entry links to its page in its campaign, which exists.
    href = page.locator("[data-td-everyone-list] > li a").first.get_attribute("href")
    assert page.request.get(href).status == 200


def test_the_home_search_finds_every_campaign_and_narrows_to_one(page, department_site) -> None:
    page.goto(department_site.url(""))
    page.wait_for_load_state("networkidle")
    results = search(page, "thi dua")
    campaigns = {r["url"].split("/")[1] for r in results}
    assert set(DEPARTMENT_CAMPAIGNS) <= campaigns, campaigns
    labels = page.evaluate("[...document.querySelectorAll('.td-search-result__campaign')].map(p => p.dataset.campaign)")
    assert set(labels) == set(DEPARTMENT_CAMPAIGNS)
    page.select_option("[data-td-search-campaign]", OTHER)
    page.wait_for_function(
        """slug => { const items = [...document.querySelectorAll('[data-td-search-results] > li')];
                     return items.length > 0 && items.every(li => new URL(li.querySelector('a').href).pathname.startsWith('/' + slug + '/')); }""",
        arg=OTHER,
    )
