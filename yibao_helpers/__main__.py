"""``python -m yibao_helpers <command>``: the command line (see :mod:`yibao_helpers.tools.cli`)."""

from .tools.cli import main

raise SystemExit(main())
