"""The guide's web-server settings fit the built site: the folders given long cache lifetimes exist and
hold only files named by their content's hash, and the IIS web.config is well-formed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import REPO

GUIDE = (REPO / "data" / "HUONG-DAN.md").read_text(encoding="utf-8")
HASHED = re.compile(r"[.\-_][0-9a-f]{7,}[.\-_]")


def _block(info: str) -> str:
    """The guide's one fenced block of that kind (xml, nginx, apache)."""
    (text,) = re.findall(rf"^```{info}\n(.*?)^```", GUIDE, re.M | re.S)
    return text


def test_the_folders_cached_for_a_year_hold_only_hashed_files(built) -> None:
    config = ET.fromstring(_block("xml"))
    folders = [location.get("path") for location in config.iter("location")]
    assert folders == ["assets/stylesheets", "assets/javascripts/workers", "ton-vinh/anh", "pagefind/fragment", "pagefind/index"]
    for folder in folders:
        files = [p for p in (built.site / folder).iterdir() if p.is_file()]
        assert files, folder
        assert all(HASHED.search(p.name) for p in files), [p.name for p in files if not HASHED.search(p.name)]
    # the Material bundle is hashed too; nginx and Apache give the same list of folders
    assert list((built.site / "assets/javascripts").glob("bundle.*.min.js"))
    for server in ("nginx", "apache"):
        assert "|".join(folders) in _block(server), server
    assert config.find("system.webServer/httpErrors/error").get("path") == "/404.html"
    assert (built.site / "404.html").is_file() and (built.site / "en/404.html").is_file()
