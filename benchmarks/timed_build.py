"""Run the `mkdocs` command line with our build's stage timings shown (for benchmarks/run.py).

The hooks log each stage's duration as a debug line, `timing <stage> <seconds>`, on the
`mkdocs.plugins.thidua` logger; `mkdocs build -v` would show them among every other debug line of
MkDocs, so this runs the same command with only that logger turned to debug.

Usage:
    python benchmarks/timed_build.py build -f PROJECT/mkdocs.yml -d SITE
"""

from __future__ import annotations

import logging
import sys

from mkdocs.__main__ import cli

if __name__ == "__main__":
    logging.getLogger("mkdocs.plugins.thidua").setLevel(logging.DEBUG)
    cli.main(args=sys.argv[1:], prog_name="mkdocs")
