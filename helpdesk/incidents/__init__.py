"""Support incidents (domain.md §6.2): the "Suport" button on every admin screen,
the professional's own incidents, and the support desk's queue.

- `categories`: the per-category fields, defined once and used by the model's
  validation and by the form.
- `services`: the lifecycle (open, reply, resolve, close, assign, note).
- `views`, `forms`, `viewsets`, `menu`, `panels`: the screens.
"""
