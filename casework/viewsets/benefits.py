"""Admin screens: benefits (to be built)."""

VIEWSETS: list = []
URLS: list = []
