"""The women's service (SIAD) module (domain.md §3.5): its expedient, its
actuacions, the training resources assigned to women, who sees them, and the
module's listings. Screens are wired by the casework screens from the module's
declaration; this subpackage holds the domain layer only.
"""
