"""``python -m gridapp …``: the command line (the top-level package ``cli``), the one front end
the core starts; imported by nothing, so the core still never depends on a front end.

``python -m`` puts the working folder first on the import path: a street office's own script
called ``cli.py`` (or a ``forms`` or ``reports`` folder) there would be imported instead of
gridapp's. The working folder is taken off the path unless it is gridapp's own checkout."""

import os
import sys

_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != os.getcwd() or os.getcwd() == _HOME]

from cli import main  # noqa: E402

raise SystemExit(main())
