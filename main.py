"""Start the gridapp desktop application: ``python main.py [--db PATH] [--demo]``."""

from forms.app import main

if __name__ == "__main__":
    raise SystemExit(main())
