"""``python -m gridapp …``: the command line (the top-level package ``cli``), the one front end
the core starts; imported by nothing, so the core still never depends on a front end."""

from cli import main

raise SystemExit(main())
