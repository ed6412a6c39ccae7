"""`python -m thidua.archive`: builds the archive edition (see thidua.archive.command)."""

import sys

from thidua.archive.command import main

sys.exit(main())
