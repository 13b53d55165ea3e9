from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The load generators and benchmarks (`make bench`): generated people and
    expedients, and the commands that time searches, exports and alerts. An app
    only for its management commands; it may import every app, none imports it."""

    name = "bench"
    verbose_name = "Benchmarks"
