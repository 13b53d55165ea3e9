"""The coordinators' tool screens, one module per kind of row."""
