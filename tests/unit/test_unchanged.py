"""The key of a built site's inputs (thidua.publish.unchanged.site_key) changes with each of them, and the record of a
published site holds only while that very folder is in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thidua.publish import unchanged


@pytest.fixture
def inputs(tmp_path: Path) -> dict:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nsite_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\nextra:\n  a: !ENV THIDUA_A\n", encoding="utf-8")
    return dict(
        engine="engine", config_file=config, settings={"site_dir": "/s", "strict": True}, docs=tmp_path / "docs",
        custom=tmp_path / "overrides", edition=("data digest", "2021-03-01"), environ={"PATH": "/bin"},
    )  # fmt: skip


def test_the_env_names_of_the_configuration_s_tags() -> None:
    text = "a: !ENV SITE_URL\nb: !ENV [THIDUA_ARCHIVE, false]\nc: !ENV [A, B, 'x']  # !ENV in a comment is harmless\n"
    assert {"SITE_URL", "THIDUA_ARCHIVE", "A", "B"} <= set(unchanged.env_names(text))


def test_the_key_changes_with_every_input(inputs: dict, tmp_path: Path) -> None:
    first = unchanged.site_key(**inputs)
    assert unchanged.site_key(**inputs) == first
    assert unchanged.site_key(**{**inputs, "environ": {"PATH": "/usr/bin"}}) == first  # a variable no tag reads
    changed = [
        unchanged.site_key(**{**inputs, "engine": "other engine"}),
        unchanged.site_key(**{**inputs, "environ": {"SITE_URL": "https://so.example.vn/"}}),
        unchanged.site_key(**{**inputs, "environ": {"THIDUA_A": "1"}}),
        unchanged.site_key(**{**inputs, "settings": {"site_dir": "/other", "strict": True}}),
        unchanged.site_key(**{**inputs, "settings": {"site_dir": "/s", "strict": False}}),
        unchanged.site_key(**{**inputs, "edition": ("other data digest", "2021-03-01")}),
        unchanged.site_key(**{**inputs, "edition": ("data digest", "2021-03-02")}),
    ]
    (tmp_path / "docs" / "index.md").write_text("# Trang chủ mới\n", encoding="utf-8")
    changed.append(unchanged.site_key(**inputs))
    (tmp_path / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}{# x #}\n", encoding="utf-8")
    changed.append(unchanged.site_key(**inputs))
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (tmp_path / "docs" / "new.md").write_text("", encoding="utf-8")
    changed.append(unchanged.site_key(**inputs))
    (tmp_path / "docs" / "new.md").unlink()
    inputs["config_file"].write_text(inputs["config_file"].read_text(encoding="utf-8") + "copyright: Y\n", encoding="utf-8")
    changed.append(unchanged.site_key(**inputs))
    assert len({first, *changed}) == len(changed) + 1


def test_a_record_holds_for_that_folder_only(tmp_path: Path) -> None:
    store, site = tmp_path / "store", tmp_path / "site"
    site.mkdir()
    assert not unchanged.unchanged(store, site, "k")
    unchanged.record(store, site, "k")
    assert unchanged.unchanged(store, site, "k") and not unchanged.unchanged(store, site, "other key")
    assert not unchanged.unchanged(store, tmp_path / "elsewhere", "k")
    (site / "added").write_text("", encoding="utf-8")  # the folder itself changed
    assert not unchanged.unchanged(store, site, "k")
    unchanged.record(store, site, "k")
    os.rename(site, tmp_path / "moved")
    site.mkdir()  # another folder in its place
    assert not unchanged.unchanged(store, site, "k")
    unchanged.record(store, site, "k")
    unchanged.forget(store, site)
    assert not unchanged.unchanged(store, site, "k")
