from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_groups(sender: AppConfig, **kwargs: object) -> None:
    """Create one Django group per role after every migrate."""
    from django.contrib.auth.models import Group

    from econwatch.accounts.roles import ROLES

    using = str(kwargs.get("using", "default"))
    for role in ROLES:
        Group.objects.using(using).get_or_create(name=role.group)


class AccountsConfig(AppConfig):
    name = "econwatch.accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        post_migrate.connect(ensure_groups, sender=self)
