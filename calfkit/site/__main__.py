"""``python -m calfkit.site``: build the website (see :mod:`calfkit.site.build`)."""

from .build import main

main()
