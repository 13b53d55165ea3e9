"""Admin screens: expedients (to be built)."""

VIEWSETS: list = []
URLS: list = []
