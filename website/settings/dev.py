"""Local development and the demo: `make run` serves this on SQLite."""

import contextlib

from .base import *  # noqa: F403
from .base import VAR_DIR, env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
LLAR_DEMO_ALLOWED = True

VAR_DIR.mkdir(parents=True, exist_ok=True)

# A git-ignored file for personal tweaks (bakerydemo).
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
