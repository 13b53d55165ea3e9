"""Production: everything from the environment; refuses to start without the essentials.

Each security setting below is what `manage.py check --deploy` asks for
(https://docs.djangoproject.com/en/5.2/ref/checks/#security); the web server in
front must speak HTTPS.
"""

from .base import *  # noqa: F403
from .base import MIDDLEWARE
from .env import env_bool, env_int, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
env_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Signing in (README "Signing in"): passwords expire after 90 days and every role
# that sees personal data signs in with a second factor, unless set otherwise.
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 90)
OTP_REQUIRED_FOR_PERSONAL_DATA = env_bool("OTP_REQUIRED_FOR_PERSONAL_DATA", True)

# Compressed, fingerprinted static files served by WhiteNoise from gunicorn, right
# after the security middleware as WhiteNoise asks.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
