from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "econwatch.monitoring"
    verbose_name = "运行监测"

    def ready(self) -> None:
        """Keep the monthly roll-up of the daily series in step with imports."""
        from econwatch.monitoring import rollup
        from econwatch.monitoring.imports import hooks

        hooks.subscribe(rollup.after_import)
