"""Issue #16.12: the embedded SQLite takes concurrent writers without
"database is locked" (write-ahead log, busy timeout, BEGIN IMMEDIATE).

The suite's own SQLite database lives in memory, where no second connection
can write, so the check opens a database file with the options the settings
give SQLite, on either test database.
"""

import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db.utils import ConnectionHandler
from django.test import TestCase

from website.settings.base import SQLITE_OPTIONS

WRITERS = 6
WRITES_EACH = 15


def probe_connections(path: Path) -> ConnectionHandler:
    """Connections to `path` (one per thread) configured as the settings say."""
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }
    return ConnectionHandler({"default": database, "probe": database})


def write_in_transactions(connection, writer: int) -> None:
    """Read, then write, in one transaction: what a service does under atomic()."""
    for n in range(WRITES_EACH):
        connection.set_autocommit(
            False, force_begin_transaction_with_broken_autocommit=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM probe")
            (count,) = cursor.fetchone()
            time.sleep(0.002)  # others read meanwhile, as under real load
            cursor.execute(
                "INSERT INTO probe (writer, n, seen) VALUES (%s, %s, %s)",
                [writer, n, count],
            )
        connection.commit()
        connection.set_autocommit(True)


class ConcurrentWritersTests(TestCase):  # TestCase: pytest-django lets it connect
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.handler = probe_connections(Path(folder.name) / "probe.sqlite3")
        connection = self.handler["probe"]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE probe (writer int, n int, seen int)")
        connection.close()

    def test_the_default_sqlite_database_uses_these_options(self):
        default = settings.DATABASES["default"]
        if default["ENGINE"] == "django.db.backends.sqlite3":
            for name, value in SQLITE_OPTIONS.items():
                self.assertEqual(default["OPTIONS"][name], value)

    def test_the_database_file_is_in_write_ahead_logging_mode(self):
        with self.handler["probe"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            self.assertEqual(cursor.fetchone()[0], "wal")
            cursor.execute("PRAGMA busy_timeout")
            self.assertEqual(cursor.fetchone()[0], 20_000)
        self.handler["probe"].close()

    def test_concurrent_writers_all_write(self):
        barrier = threading.Barrier(WRITERS)
        errors = []

        def writer(number):
            connection = self.handler["probe"]  # this thread's own
            try:
                barrier.wait()
                write_in_transactions(connection, number)
            except Exception as error:  # reported below
                errors.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        with self.handler["probe"].cursor() as cursor:
            cursor.execute("SELECT COUNT(*), COUNT(DISTINCT seen) FROM probe")
            # Every row was written, each after all those before it.
            self.assertEqual(cursor.fetchone(), (WRITERS * WRITES_EACH,) * 2)
        self.handler["probe"].close()
