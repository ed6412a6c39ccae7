"""The hooks' wiring, with MkDocs run in this process: one build state per build command, reused by the English
build the i18n plugin runs inside the Vietnamese one; that inner build recognised; bad options stop the build
before anything is written. (tests/build/test_site.py and others run the real `mkdocs build` command.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority

from conftest import DURING, copy_project
from thidua.publish import state


class Probe(BasePlugin):
    """Notes, in every language's build, what our hooks left on the config (registered after them)."""

    def __init__(self) -> None:
        self.configs: list[tuple[bool, int]] = []
        self.builds: list[dict] = []

    def on_config(self, config):
        # The i18n plugin sets the build's language in its own on_config (-100), after this one.
        self.configs.append((config.plugins["i18n"].building, id(state.of(config))))
        return config

    # Above the i18n plugin's -100, which runs the English build: each language notes its own build.
    @event_priority(-50)
    def on_post_build(self, config):
        build_state = state.of(config)
        i18n = config.plugins["i18n"]
        self.builds.append(
            {
                "lang": state.language(config),
                "state": build_state,
                "site": build_state.site,
                "downloads": build_state.downloads,
                "language": build_state.language,
                "language_lang": build_state.language.lang,
                "plugin_building": i18n.building,
                "inner": state.inner_language_build(config),
            }
        )


def in_process_build(project: Path, site: Path, probe: BasePlugin | None = None) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    if probe is not None:
        config.plugins["probe"] = probe
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DURING)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for name in ("THIDUA_ARCHIVE", "THIDUA_PDF"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> tuple[Probe, Path]:
    """The bundled site built once in this process, with the probe's notes."""
    root = tmp_path_factory.mktemp("wiring")
    probe = Probe()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _environment(monkeypatch)
        in_process_build(copy_project(root / "project"), root / "site", probe)
    return probe, root / "site"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    _environment(monkeypatch)
    return copy_project(tmp_path / "project")


def test_one_build_state_per_command_reused_by_the_english_build(probed) -> None:
    probe, site = probed
    assert [inner for inner, _ in probe.configs] == [False, True]
    assert len({ident for _, ident in probe.configs}) == 1  # the English build's on_config finds the same state
    vi, en = sorted(probe.builds, key=lambda b: b["lang"] != "vi")
    assert (vi["lang"], en["lang"]) == ("vi", "en")
    assert vi["state"] is en["state"] and vi["site"] is en["site"]  # the data was loaded once
    assert vi["downloads"] is en["downloads"] and vi["downloads"]  # the open data was made once
    assert vi["language"] is not en["language"]  # each language's pages have their own facts
    assert (vi["language_lang"], en["language_lang"]) == ("vi", "en")
    assert vi["state"].edition is not None and vi["state"].options.data_dir == "data"
    assert (site / "du-lieu" / "honourees.json").is_file()
    assert (site / "en" / "ton-vinh" / "feed.xml").is_file()


def test_the_i18n_plugins_inner_build_is_recognised(probed) -> None:
    """mkdocs-static-i18n 1.3 marks its inner (English) build only by its private `building` attribute:
    if a new version stops setting it, this fails (thidua.publish.state.inner_language_build)."""
    probe, _ = probed
    flags = {b["lang"]: (b["plugin_building"], b["inner"]) for b in probe.builds}
    assert flags == {"vi": (False, False), "en": (True, True)}


def test_a_bad_option_stops_the_build_naming_the_file_and_the_option(project: Path, tmp_path: Path, caplog) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    pdf: !ENV [THIDUA_PDF, false]\n" in text
    config.write_text(text.replace("    pdf: !ENV [THIDUA_PDF, false]\n", "    pdf: maybe\n"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published", encoding="utf-8")
    with pytest.raises(Abort):
        in_process_build(project, site)
    [message] = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert message.splitlines()[0] == "1 problem in the site's options (mkdocs.yml, extra.thidua):"
    assert "mkdocs.yml: extra.thidua.pdf: must be true or false, not 'maybe'" in message
    assert (site / "index.html").read_text(encoding="utf-8") == "published"  # nothing written
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
