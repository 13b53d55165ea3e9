"""The browser tests' live server serves one request at a time on SQLite.

The SQLite test database lives in memory and is shared with the live server's
request threads (shared cache, whose table locks fail at once instead of
waiting), so Chromium's parallel requests of one screen (the page, its sprite,
its translations, the session save) failed at random with "database table is
locked". A server that answers them in turn has no such race; PostgreSQL keeps
Django's threaded server, as production's concurrency is the database's to
handle.
"""

from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class SerialWSGIServer(WSGIServer):
    """Django's WSGI server without threads: requests are answered in turn, in
    the live server's thread, which holds the test database's connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = SerialWSGIServer
