"""Llar's date and time formats (FORMAT_MODULE_PATH), the same in every language.

Django's own locale files fill in everything not set here (long dates, numbers).
See configuration/dates.py for how typed dates are read.
"""
