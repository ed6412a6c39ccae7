"""Installs what the test suite needs from outside Python, where it is missing: a browser (for the browser tests
and the PDFs), found as the archive edition finds it (thidua.archive.browser).

    python tests/prepare.py

The README's test command runs it between installing the Python packages and running pytest. Where a browser
starts already, it changes nothing. Otherwise: on Debian, `apt-get install chromium` (as root, else through
sudo); on Ubuntu, other Linux systems, macOS and Windows, Playwright's own Chromium
(`python -m playwright install chromium`), where the machine can download it. When that is not possible, it
says exactly what to run or install, and exits 1. The fonts the tests need ship with the project.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APT_PACKAGES = ["chromium"]


def say(text: str) -> None:
    print(f"prepare: {text}", flush=True)


def find_browser() -> str | None:
    """The browser the suite will use, as a name to show; None (and why) where none starts."""
    from playwright.sync_api import sync_playwright

    from thidua.archive import browser as browsers

    with sync_playwright() as pw:
        try:
            browser, candidate = browsers.launch(pw)
        except browsers.BrowserError as error:
            # What was tried and failed (the advice that follows is for people, not for this script).
            for msg in error.msgs[:-2] if len(error.msgs) > 2 else error.msgs:
                say(msg.render("en"))
            return None
        browser.close()
    return candidate.describe()


def run(cmd: list[str], env: dict | None = None) -> bool:
    say("running: " + shlex.join(cmd))
    return subprocess.run(cmd, env=env).returncode == 0


def install_with_apt() -> bool:
    """apt-get install the packages, as root or through sudo; else say what to run as root."""
    update = ["apt-get", "update", "-q"]
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo"):
        prefix = ["sudo", "env", "DEBIAN_FRONTEND=noninteractive"]
    else:
        say(f"not root and no sudo: as root, run  {shlex.join(update)} && {shlex.join(install)}")
        return False
    return run([*prefix, *update], env) and run([*prefix, *install], env)


def install_playwright_chromium(with_deps: bool) -> bool:
    """Playwright's own Chromium (downloaded by Playwright; with its system libraries on Ubuntu)."""
    return run([sys.executable, "-m", "playwright", "install", *(["--with-deps"] if with_deps else []), "chromium"])


def main() -> int:
    sys.path.insert(0, str(REPO / "hooks"))
    try:
        import playwright  # noqa: F401

        from thidua.archive import browser as browsers
    except ImportError as error:
        say(f"{error.name} is missing: first run  python -m pip install -e \".[test]\"")
        return 2
    found = find_browser()
    if found:
        say(f"browser: {found}; nothing to install")
        return 0
    if os.environ.get(browsers.ENV, "").strip():
        say(f"{browsers.ENV} names the browser to use: correct it, or unset it to find or install one")
        return 1
    key = browsers.platform_key(sys.platform, browsers.read_os_release())
    if key == "debian" and shutil.which("apt-get"):
        installed = install_with_apt()
    else:
        installed = install_playwright_chromium(with_deps=key == "ubuntu")
    found = find_browser() if installed else None
    if found:
        say(f"browser: {found}")
        return 0
    say("no browser could be installed: " + browsers.none_found(sys.platform).msgs[1].render("en"))
    say("then run the test command again")
    return 1


if __name__ == "__main__":
    sys.exit(main())
