"""Templates compiled once: Jinja's bytecode of Material's and our templates, kept under .cache/templates/<engine>/.

MkDocs makes a new Jinja environment for every build and language, and compiling Material's templates is a
large part of a small rebuild (`mkdocs serve`). Jinja's own bytecode cache keys a template by its name, its
file and its source, and checks the Python version; what it does not know is how the environment compiles
(its options, our autoescape rule in hook_pages.on_env, Jinja's version): the folder is named by the
engine's key (thidua.keys.engine_key: our code, the hook files and the libraries' versions), so another
engine never reads this one's bytecode. The output is the same with or without it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

# Folders of other engines (code since edited) are removed once they have not been written to for this long.
KEEP_SECONDS = 24 * 3600


def bytecode_cache(folder: Path, engine: str) -> FileSystemBytecodeCache:
    """The bytecode cache of this engine's templates under `folder` (.cache/templates/)."""
    folder = Path(folder)
    own = folder / engine[:32]
    own.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for other in folder.iterdir():
        try:
            if other != own and other.is_dir() and now - other.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass
    return FileSystemBytecodeCache(str(own))
