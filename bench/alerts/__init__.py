"""The alerts benchmark: generated expedients (load) and their timing (bench)."""
