"""The browser that prints the PDFs, found in a fixed order on every platform, or what to do where there is none.

In order: THIDUA_CHROMIUM (a path: that browser or none); the Chromium that Playwright manages
(`python -m playwright install chromium`, where the machine can download it); the system's Chromium or
Google Chrome; Microsoft Edge on Windows (Playwright's channel "msedge": every office PC has it). The first
that starts, and is recent enough to number printed pages, is used.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from thidua.model.problems import Msg

ENV = "THIDUA_CHROMIUM"
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Page numbers are printed by a margin box of the page's own style (pdf.css): Chromium 131 and later.
MIN_VERSION = 131

# The system's browsers, by platform: names looked up on PATH, then known places.
LINUX_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LINUX_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/opt/google/chrome/chrome")
MACOS_APPS = ("Chromium.app/Contents/MacOS/Chromium", "Google Chrome.app/Contents/MacOS/Google Chrome")
WINDOWS_ROOTS = ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
WINDOWS_EXES = ("Chromium\\Application\\chrome.exe", "Google\\Chrome\\Application\\chrome.exe")


@dataclass(frozen=True)
class Candidate:
    """A browser to try: where it was found (`source`), and its executable or Playwright channel."""

    source: str  # "env" (THIDUA_CHROMIUM), "playwright", "system", "edge"
    executable: str | None = None  # None: Playwright's own browser, or the channel's
    channel: str | None = None

    def launch_options(self) -> dict:
        options: dict = {"args": list(FLAGS)}
        if self.executable:
            options["executable_path"] = self.executable
        if self.channel:
            options["channel"] = self.channel
        return options

    def describe(self) -> str:
        if self.source == "playwright":
            return "Playwright Chromium"
        if self.channel:
            return f"Microsoft Edge (channel {self.channel})"
        return self.executable or self.source


class BrowserError(Exception):
    """No browser could print: what was tried, and what to do on this platform (messages by key)."""

    def __init__(self, msgs: Sequence[Msg]) -> None:
        self.msgs = list(msgs)
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        return "\n".join(m.render(lang) for m in self.msgs)


def system_browsers(
    platform: str, env: Mapping[str, str], which: Callable[[str], str | None], is_file: Callable[[str], bool]
) -> list[str]:
    """The system's Chromium and Google Chrome executables that exist, Chromium first, each once."""
    found: list[str] = []
    if platform == "win32":
        places = [f"{env[root]}\\{exe}" for exe in WINDOWS_EXES for root in WINDOWS_ROOTS if env.get(root)]
    elif platform == "darwin":
        homes = ["/Applications", *([f"{env['HOME']}/Applications"] if env.get("HOME") else [])]
        places = [f"{home}/{app}" for app in MACOS_APPS for home in homes]
    else:
        places = [p for p in (which(name) for name in LINUX_NAMES) if p] + list(LINUX_PATHS)
    for place in places:
        if place not in found and is_file(place):
            found.append(place)
    return found


def candidates(
    env: Mapping[str, str],
    platform: str,
    *,
    managed: str | None,
    which: Callable[[str], str | None] | None = None,
    is_file: Callable[[str], bool] | None = None,
) -> list[Candidate]:
    """The browsers to try, in order. `managed` is the executable of Playwright's own Chromium (it may not
    be installed). THIDUA_CHROMIUM, when set, is the only one: a path that is no file is an error.
    `which` and `is_file` look at the machine (default: shutil.which, os.path.isfile)."""
    which = which or shutil.which
    is_file = is_file or os.path.isfile
    chosen = env.get(ENV, "").strip()
    if chosen:
        if not is_file(chosen):
            raise BrowserError([Msg.of("browser.env_missing", path=chosen)])
        return [Candidate("env", chosen)]
    found: list[Candidate] = []
    if managed and is_file(managed):
        found.append(Candidate("playwright"))
    found += [Candidate("system", path) for path in system_browsers(platform, env, which, is_file)]
    if platform == "win32":
        found.append(Candidate("edge", channel="msedge"))
    return found


def platform_key(platform: str, os_release: str = "") -> str:
    """Which advice fits this machine: windows, macos, debian, ubuntu or linux."""
    if platform == "win32":
        return "windows"
    if platform == "darwin":
        return "macos"
    fields = dict(line.split("=", 1) for line in os_release.splitlines() if "=" in line)
    ids = {fields.get("ID", "").strip('"'), *fields.get("ID_LIKE", "").strip('"').split()}
    if "ubuntu" in ids:
        return "ubuntu"
    if "debian" in ids:
        return "debian"
    return "linux"


def read_os_release() -> str:
    """/etc/os-release (the distribution's name), where there is one."""
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError:
            continue
    return ""


def none_found(platform: str, tried: Sequence[Msg] = ()) -> BrowserError:
    """The error when no browser prints: what failed, then what to install on this platform."""
    key = platform_key(platform, read_os_release() if platform.startswith("linux") else "")
    return BrowserError([Msg.of("browser.none"), *tried, Msg.of(f"browser.install.{key}"), Msg.of("browser.env_hint")])


def launch(pw, *, env: Mapping[str, str] | None = None, platform: str | None = None, browser_env=None):
    """Start the first browser that works: (Playwright Browser, Candidate). `browser_env` is the
    environment the browser runs with (default: this process's)."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    from playwright.sync_api import Error as PlaywrightError

    tried: list[Msg] = []
    for candidate in candidates(env, platform, managed=pw.chromium.executable_path):
        options = candidate.launch_options()
        if browser_env is not None:
            options["env"] = dict(browser_env)
        try:
            browser = pw.chromium.launch(**options)
        except PlaywrightError as error:
            first = (error.message or str(error)).strip().splitlines()[0]
            tried.append(Msg.of("browser.failed", browser=candidate.describe(), error=first))
            if candidate.source == "env":
                break
            continue
        version = browser.version
        if int(version.split(".", 1)[0] or 0) < MIN_VERSION:
            browser.close()
            tried.append(Msg.of("browser.too_old", browser=candidate.describe(), version=version, minimum=MIN_VERSION))
            continue
        return browser, candidate
    raise none_found(platform, tried)
