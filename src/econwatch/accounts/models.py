"""Who a user is in the bureau and what rows they may see."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """A user's place: the town, enterprise or department that bounds their view."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    division = models.ForeignKey(
        "register.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="所属镇（街道）",
    )
    unit = models.ForeignKey(
        "register.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="所属企业",
    )
    department = models.CharField("所属部门", max_length=64, blank=True)

    class Meta:
        verbose_name = "用户资料"
        verbose_name_plural = "用户资料"


class SiteSetting(models.Model):
    """A key/value switch for the whole site (e.g. that the data is a demo)."""

    key = models.CharField(max_length=64, primary_key=True)
    value = models.TextField(blank=True)

    class Meta:
        verbose_name = "站点设置"
        verbose_name_plural = "站点设置"
