"""`python -m thidua`: the office's command line, where the `thidua` command is not on the PATH."""

import sys

from thidua.office.cli import main

sys.exit(main())
