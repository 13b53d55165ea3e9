"""Admin screens: records (to be built)."""

VIEWSETS: list = []
URLS: list = []
