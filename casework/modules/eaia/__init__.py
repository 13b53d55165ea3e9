"""The child and adolescent protection (EAIA) module (domain.md §3.7): the
expedient's cover (priority and its due date, the DGAIA/SAIA report, the case
synthesis), the Evolució periods, the EAIA actuacions (recorded in the
siblings' expedients too when asked) and the module's alerts and listings.

- enums.py: priorities, phases, expedient types, territoriality, scopes;
- models.py: `ChildProtectionCase`, `EaiaEvolution`, `EaiaActuacio`;
- permissions.py, services.py: who may do what, and the rules;
- alerts.py, listings.py, forms.py, screens.py: what the home panel and the
  screens read;
- registration.py: the data-layer plugs, called from casework's `ready()`.
"""
