"""Admin screens: plans (to be built)."""

VIEWSETS: list = []
URLS: list = []
