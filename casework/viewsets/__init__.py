"""Admin screens of casework; each module lists the viewsets it adds."""
