"""Home care (SAD, servei d'ajuda a domicili): domain.md §3.4.

A home-care expedient (`HomeCareCase`) is opened from the person's open basic
social services expedient once resource 1.1.2.1 is pre-assigned there. Its
actuacions are state events (`HomeCareEvent`), proposed by the SSB
professionals and approved or denied by the SAD manager or a coordinator; the
service is defined by characteristics (one version per Alta or Modificació)
and work plans.

- models.py: the expedient, its events, the characteristics and work plans;
- rules.py: which event may follow which, and the service at each stage;
- permissions.py: who opens, proposes, decides and plans;
- services.py: every write (keyword-only, atomic, audited);
- queries.py: the SAD manager's queue and services in force;
- alerts.py: events waiting too long, services suspended too long;
- setup.py: the data-layer plugs, registered from casework's `ready()`.
"""
