"""A `mkdocs build` whose every input is the same as the build's that published the site in place keeps that site.

The build's output is a function of its inputs: the engine (this package, the hooks, the versions of Python and of
the libraries: `thidua.keys.engine_key`), the configuration file's bytes and the environment variables its `!ENV`
tags name, the settings a command line may change (the site folder, strict mode, the URL style, the theme), the
theme's custom folder (`overrides/`), `docs/`, and the edition (`thidua.publish.edition`: the digest of every file
of `data/`, the build date, the git commit and whether `data/` differs from it, the PDFs asked for). `site_key` is
the key of all of them.

Once a build has published a site without a warning, the key is recorded beside the build's store
(`.cache/build/published.json`) with the published folder's identity (its inode, device and modification time: the
folder a swap put in place, thidua.publish.folder). The next `mkdocs build` of the same folder whose key is the same
and whose site folder is still that one publishes nothing: the data is still loaded and checked and the photos
processed (a problem is still reported), then the build stops and says so. Anything else (an edit, a new day, a
commit, another site folder, a site folder replaced or emptied, a build that warned) is the full build.

What this cannot see is a file changed by hand inside the site folder's subfolders: the site folder is the build's
output, and deleting `.cache/build/published.json` (or the whole `.cache/build/`) makes the next build a full one.

hook_publish does not keep a site whose build prints PDFs (the browser that prints them is not in the key) nor the
archive edition, a Department's site or a build under `gh-deploy`. Nothing here imports MkDocs: hook_publish calls
it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from thidua.fs import write_atomic
from thidua.keys import files_key, hash_text, tree_files

RECORD = "published.json"
# `!ENV NAME`, `!ENV [NAME, OTHER, default]`: the names an !ENV tag reads (a default is not a name: harmless).
_ENV_TAG = re.compile(r"!ENV\s+(\[[^\]]*\]|[^\s#]+)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def env_names(config_text: str) -> list[str]:
    """The environment variables the configuration's !ENV tags may read."""
    names: set[str] = set()
    for match in _ENV_TAG.finditer(config_text):
        names.update(_NAME.findall(match[1]))
    return sorted(names)


def site_key(
    *, engine: str, config_file: Path, settings: Mapping[str, object], docs: Path, custom: Path | None, edition: object,
    environ: Mapping[str, str],
) -> str:
    """The key of every input of the built site (see the module's docstring)."""
    config_text = Path(config_file).read_bytes().decode("utf-8", errors="replace")
    env = [f"{name}={environ[name]!r}" if name in environ else f"{name} unset" for name in env_names(config_text)]
    return hash_text(
        "published site", engine, config_text, "\n".join(env),
        json.dumps({name: repr(value) for name, value in settings.items()}, sort_keys=True),
        files_key(tree_files(docs), docs), files_key(tree_files(custom), custom) if custom else "no custom folder",
        repr(edition),
    )  # fmt: skip


def _identity(target: Path) -> list[int] | None:
    try:
        stat = os.stat(target)
    except OSError:
        return None
    return [stat.st_ino, stat.st_dev, stat.st_mtime_ns]


def _records(folder: Path) -> dict:
    try:
        records = json.loads((Path(folder) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def _write(folder: Path, records: dict) -> None:
    # Only the sites still there are remembered (a build into a temporary folder leaves nothing behind).
    records = {target: entry for target, entry in records.items() if os.path.isdir(target)}
    Path(folder).mkdir(parents=True, exist_ok=True)
    write_atomic(Path(folder) / RECORD, json.dumps(records, indent=1, sort_keys=True).encode("utf-8"))


def record(folder: Path, target: Path, key: str) -> None:
    """Remembers, in `folder` (the build's store), that the site now at `target` was built from the inputs `key`."""
    identity = _identity(target)
    records = _records(folder)
    if identity is None:
        records.pop(str(target), None)
    else:
        records[str(target)] = {"key": key, "folder": identity}
    _write(folder, records)


def forget(folder: Path, target: Path) -> None:
    """The site at `target` is not to be kept by the next build (the build that published it warned)."""
    records = _records(folder)
    if records.pop(str(target), None) is not None:
        _write(folder, records)


def unchanged(folder: Path, target: Path, key: str) -> bool:
    """Whether the site at `target` is the one a build from the inputs `key` published, still in place."""
    entry = _records(folder).get(str(target))
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    identity = _identity(target)
    return identity is not None and entry.get("folder") == identity
