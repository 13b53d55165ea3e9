"""The test suite: fast hashing, in-memory cache and e-mail, immediate tasks."""

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The exports run at once too (tests of the queued state swap in the dummy backend).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "exports": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["exports"],
    },
}
MEDIA_ROOT = VAR_DIR / "test-media"
LLAR_PRIVATE_DIR = VAR_DIR / "test-private"
LLAR_DEMO_ALLOWED = True

VAR_DIR.mkdir(parents=True, exist_ok=True)  # lint's makemigrations --check opens it
