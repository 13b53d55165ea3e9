"""The immigration and citizenship module (domain.md §3.6): its expedient with
the two-year reception process, its actuacions, who sees them, and the
module's listings. Screens are wired by the casework screens from the module's
declaration; this subpackage holds the domain layer and its screens.
"""
