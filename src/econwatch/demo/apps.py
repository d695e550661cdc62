from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "econwatch.demo"
    verbose_name = "示例区"
