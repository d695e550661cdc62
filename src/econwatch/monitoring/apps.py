from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "econwatch.monitoring"
    verbose_name = "运行监测"
