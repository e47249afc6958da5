"""Write the next numbered migration from the difference between the models and the
schema the existing migrations build.

Usage: .venv/bin/python tools/make_migration.py "what it adds"
"""

import sys
from pathlib import Path

from peewee import SqliteDatabase
from playhouse.migrations import Runner, template
from playhouse.schema_diff import diff_models

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridapp.db import MIGRATIONS_DIR  # noqa: E402
from gridapp.models import ALL_MODELS, database  # noqa: E402


def main() -> None:
    title = " ".join(sys.argv[1:]) or "schema change"
    scratch = SqliteDatabase(":memory:")
    Runner(scratch, str(MIGRATIONS_DIR)).up()
    database.initialize(scratch)
    diff = diff_models(scratch, ALL_MODELS)
    if not diff:
        print("models and migrations agree; nothing to write")
        return
    body = template(diff).split("\n", 1)[1]
    runner = Runner(scratch, str(MIGRATIONS_DIR))
    print(runner.create(title, body=f'"""{title}"""\n' + body))


if __name__ == "__main__":
    main()
