"""The alerts app."""

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "econwatch.alerts"
    verbose_name = "预警"

    def ready(self) -> None:
        """Ask the import module to call the evaluation after each import."""
        from econwatch.alerts.hooks import register_import_hook

        register_import_hook()
