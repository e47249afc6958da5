"""Moving a street hub from its SQLite file to a PostgreSQL server: every table copied in
batches in one transaction (all or nothing), the row counts compared afterwards."""

from __future__ import annotations

import os
from pathlib import Path

from gridapp import db as dbmod
from gridapp.engines import postgres, sqlite
from gridapp.errors import UserError
from gridapp.models import LocalState

BATCH = 2000
# the office file's user accounts go with its key file; on a server each officer is a server
# login, given an account there with ``users add``
SKIP = {"schema_migration", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4", "account"}


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute_sql(f'PRAGMA table_info("{table}")')]


def move(path: str | os.PathLike, passphrase: str | None, url: str, password: str | None = None, progress=None) -> list[dict]:
    """Copy the hub in ``path`` into the empty database at ``url``; [{table, source, target}]."""
    dbmod.open_database(path, passphrase)  # brings the file's schema up to date first
    if LocalState.get_value("site_type") != "street":
        dbmod.close_database()
        raise UserError("只有街道数据库（枢纽）可以迁移到 PostgreSQL 服务器。")
    dbmod.close_database()
    target = dbmod.open_database(url, password)
    if LocalState.get_value("site_id") is not None:
        raise UserError(f"目标数据库 {dbmod.server_label(url)} 已有数据，未做任何改动：请指定一个新建的空数据库。")
    source = dbmod._open_file(Path(path), passphrase, False)
    try:
        tables = [t for t in sqlite.table_names(source) if t not in SKIP]
        wanted = set(postgres.table_names(target))
        missing = [t for t in tables if t not in wanted]
        if missing:
            raise UserError(f"目标数据库缺少数据表：{'、'.join(missing)}")
        totals = {t: source.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        grand, done = sum(totals.values()) or 1, 0
        with target.atomic():
            postgres.defer_foreign_keys(target)
            for table in tables:
                cols = _columns(source, table)
                names = ", ".join(f'"{c}"' for c in cols)
                if table == "local_state":  # the target's schema rows are its own
                    target.execute_sql('DELETE FROM "local_state"')
                cursor = source.execute_sql(f'SELECT {names} FROM "{table}"')
                while rows := cursor.fetchmany(BATCH):
                    postgres.insert_rows(target, table, cols, rows)
                    done += len(rows)
                    if progress is not None:
                        progress(done, grand, f"正在复制 {table}")
            postgres.reset_sequences(target)
        postgres.analyze(target)
        result = []
        for table in tables:
            copied = target.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            result.append({"table": table, "source": totals[table], "target": copied})
        wrong = [r["table"] for r in result if r["source"] != r["target"]]
        if wrong:
            raise UserError(f"迁移后行数不一致：{'、'.join(wrong)}")
        return result
    finally:
        source.close()
        dbmod.close_database()
