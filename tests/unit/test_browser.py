"""Finding the browser that prints the PDFs: the order on each platform, and what to do where there is none."""

from __future__ import annotations

import pytest

from thidua.archive.browser import BrowserError, Candidate, candidates, none_found, platform_key
from thidua.model.strings import keys

MANAGED = "/root/.cache/ms-playwright/chromium-1200/chrome-linux/chrome"
WINDOWS_ENV = {
    "PROGRAMFILES": "C:\\Program Files",
    "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
    "LOCALAPPDATA": "C:\\Users\\vp\\AppData\\Local",
}


def found(env: dict, platform: str, files: set[str], *, on_path: dict | None = None, managed: str | None = MANAGED):
    """The candidates on a made-up machine whose only files are `files` and whose PATH has `on_path`."""
    return candidates(
        env, platform, managed=managed, which=(on_path or {}).get, is_file=lambda path: path in files
    )


def test_thidua_chromium_comes_first_and_alone() -> None:
    files = {"/opt/my/chrome", MANAGED, "/usr/bin/chromium"}
    assert found({"THIDUA_CHROMIUM": "/opt/my/chrome"}, "linux", files) == [Candidate("env", "/opt/my/chrome")]


def test_thidua_chromium_naming_no_file_is_an_error_not_a_fallback() -> None:
    with pytest.raises(BrowserError) as error:
        found({"THIDUA_CHROMIUM": "/nowhere/chrome"}, "linux", {MANAGED, "/usr/bin/chromium"})
    assert "/nowhere/chrome" in error.value.render("vi") and "không có tệp này" in error.value.render("vi")


def test_on_linux_playwright_s_chromium_then_the_system_s_chromium_then_chrome() -> None:
    files = {MANAGED, "/usr/bin/chromium", "/usr/bin/google-chrome"}
    on_path = {"chromium": "/usr/bin/chromium", "google-chrome": "/usr/bin/google-chrome"}
    assert found({}, "linux", files, on_path=on_path) == [
        Candidate("playwright"),
        Candidate("system", "/usr/bin/chromium"),
        Candidate("system", "/usr/bin/google-chrome"),
    ]


def test_playwright_s_chromium_counts_only_when_it_is_installed() -> None:
    assert found({}, "linux", {"/usr/bin/chromium"}) == [Candidate("system", "/usr/bin/chromium")]
    assert found({}, "linux", {"/usr/bin/chromium"}, managed=None) == [Candidate("system", "/usr/bin/chromium")]


def test_a_browser_found_on_path_and_at_a_known_place_is_tried_once() -> None:
    on_path = {"chromium": "/usr/bin/chromium", "chromium-browser": "/snap/bin/chromium"}
    files = {"/usr/bin/chromium", "/snap/bin/chromium"}
    assert found({}, "linux", files, on_path=on_path, managed=None) == [
        Candidate("system", "/usr/bin/chromium"),
        Candidate("system", "/snap/bin/chromium"),
    ]


def test_on_windows_chromium_then_chrome_then_edge_last() -> None:
    chromium = "C:\\Users\\vp\\AppData\\Local\\Chromium\\Application\\chrome.exe"
    chrome = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
    assert found(WINDOWS_ENV, "win32", {chrome, chromium}, managed=None) == [
        Candidate("system", chromium),
        Candidate("system", chrome),
        Candidate("edge", channel="msedge"),
    ]


def test_on_windows_with_nothing_installed_edge_is_still_tried() -> None:
    assert found(WINDOWS_ENV, "win32", set(), managed=None) == [Candidate("edge", channel="msedge")]
    assert found(WINDOWS_ENV, "win32", {MANAGED}) == [Candidate("playwright"), Candidate("edge", channel="msedge")]


def test_edge_is_tried_on_windows_only() -> None:
    assert found({}, "linux", set(), managed=None) == []
    assert found({"HOME": "/Users/vp"}, "darwin", set(), managed=None) == []


def test_on_macos_the_applications_folders() -> None:
    chrome = "/Users/vp/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
    chromium = "/Applications/Chromium.app/Contents/MacOS/Chromium"
    assert found({"HOME": "/Users/vp"}, "darwin", {chrome, chromium}, managed=None) == [
        Candidate("system", chromium),
        Candidate("system", chrome),
    ]


def test_candidates_launch_with_their_executable_or_channel_and_the_same_flags() -> None:
    assert Candidate("playwright").launch_options() == {"args": Candidate("edge", channel="msedge").launch_options()["args"]}
    assert Candidate("edge", channel="msedge").launch_options()["channel"] == "msedge"
    assert Candidate("system", "/usr/bin/chromium").launch_options()["executable_path"] == "/usr/bin/chromium"
    assert "--no-sandbox" in Candidate("playwright").launch_options()["args"]


@pytest.mark.parametrize("platform, os_release, key", [
    ("win32", "", "windows"),
    ("darwin", "", "macos"),
    ("linux", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n', "debian"),
    ("linux", "ID=ubuntu\nID_LIKE=debian\n", "ubuntu"),
    ("linux", 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', "ubuntu"),
    ("linux", 'ID="fedora"\n', "linux"),
    ("linux", "", "linux"),
])  # fmt: skip
def test_the_advice_fits_the_platform(platform, os_release, key) -> None:
    assert platform_key(platform, os_release) == key


@pytest.mark.parametrize("platform, vi, en", [
    ("win32", "Cài Microsoft Edge hoặc Google Chrome", "Install Microsoft Edge or Google Chrome"),
    ("darwin", "Cài Google Chrome vào thư mục Applications", "Install Google Chrome in Applications"),
])  # fmt: skip
def test_none_found_says_what_to_install_in_the_clerk_s_language(platform, vi, en) -> None:
    error = none_found(platform)
    assert error.render("vi").startswith("Không tìm thấy trình duyệt để in các bản PDF")
    assert vi in error.render("vi") and "THIDUA_CHROMIUM" in error.render("vi")
    assert en in error.render("en") and en not in error.render("vi")


def test_every_advice_is_written_in_both_languages() -> None:
    advice = {f"browser.install.{key}" for key in ("windows", "macos", "debian", "ubuntu", "linux")}
    assert advice <= keys("vi") and advice <= keys("en")


class FakeBrowser:
    def __init__(self, version: str) -> None:
        self.version = version
        self.closed = False

    def close(self) -> None:
        self.closed = True


class FakeChromium:
    """Playwright's chromium as far as launch() uses it: each executable starts, fails or is old."""

    executable_path = MANAGED

    def __init__(self, outcomes: dict) -> None:
        self.outcomes = outcomes
        self.tried: list = []

    def launch(self, **options):
        from playwright.sync_api import Error

        which = options.get("executable_path") or options.get("channel") or "playwright"
        self.tried.append(which)
        outcome = self.outcomes[which]
        if isinstance(outcome, str):
            return FakeBrowser(outcome)
        raise Error(outcome[0])


class FakePlaywright:
    def __init__(self, outcomes: dict) -> None:
        self.chromium = FakeChromium(outcomes)


def test_launch_takes_the_first_browser_that_starts_and_is_recent_enough(monkeypatch) -> None:
    from thidua.archive import browser as browsers

    monkeypatch.setattr(browsers.os.path, "isfile", lambda path: path in {MANAGED, "/usr/bin/chromium", "/usr/bin/google-chrome"})
    monkeypatch.setattr(browsers.shutil, "which", {"chromium": "/usr/bin/chromium", "google-chrome": "/usr/bin/google-chrome"}.get)
    pw = FakePlaywright({"playwright": ("Executable doesn't exist",), "/usr/bin/chromium": "120.0.6099.71", "/usr/bin/google-chrome": "142.0.1"})
    browser, candidate = browsers.launch(pw, env={}, platform="linux")
    assert pw.chromium.tried == ["playwright", "/usr/bin/chromium", "/usr/bin/google-chrome"]
    assert candidate == Candidate("system", "/usr/bin/google-chrome") and browser.version == "142.0.1"


def test_launch_says_what_failed_and_what_to_install_when_nothing_starts(monkeypatch) -> None:
    from thidua.archive import browser as browsers

    monkeypatch.setattr(browsers.os.path, "isfile", lambda path: False)
    pw = FakePlaywright({"msedge": ("Chromium distribution 'msedge' is not found",)})
    with pytest.raises(BrowserError) as error:
        browsers.launch(pw, env=WINDOWS_ENV, platform="win32")
    text = error.value.render("vi")
    assert pw.chromium.tried == ["msedge"]
    assert "Microsoft Edge (channel msedge) không chạy được: Chromium distribution 'msedge' is not found" in text
    assert "Cài Microsoft Edge hoặc Google Chrome" in text
