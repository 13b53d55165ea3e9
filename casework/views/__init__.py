"""Admin screens of casework that are not plain CRUD (URLs: viewsets/*.py)."""
