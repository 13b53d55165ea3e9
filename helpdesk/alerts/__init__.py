"""Alerts and tasks (domain.md §4.8): computed in the database per professional,
shown on the admin home ("Alertes i tasques"), refreshed by `refresh_alerts`."""
