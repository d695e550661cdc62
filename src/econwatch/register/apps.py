from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_code_lists(sender: AppConfig, **kwargs: object) -> None:
    """Fill the code-list tables after every migrate."""
    from econwatch.register.codelists import sync_code_lists

    sync_code_lists(using=str(kwargs.get("using", "default")))


class RegisterConfig(AppConfig):
    name = "econwatch.register"
    verbose_name = "单位名录库"

    def ready(self) -> None:
        post_migrate.connect(load_code_lists, sender=self)
