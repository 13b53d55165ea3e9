"""Basic social services (SSB, atenció primària): the household's expedient,
the first module (domain.md §3.3). Declared in `module.py`."""
