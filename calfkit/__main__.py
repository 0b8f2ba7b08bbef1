"""``python -m calfkit``: the same as the ``calfkit`` command (see :mod:`calfkit.cli`)."""

import sys

from .cli import main

sys.exit(main())
