"""Import batches: one row per file imported, and the values each batch replaced.

Every import, accepted or rejected, leaves an :class:`ImportBatch` with its problems,
so the bureau can answer "where does this number come from, and who loaded it".
Daily series are upserted; when a batch replaces a value that was already stored,
the old and new values are kept as an :class:`ImportChange` (fresh inserts are
counted in the batch summary only, to keep a year's first load cheap).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from econwatch.register.models import Unit


class ImportBatch(models.Model):
    """One file imported (or refused) by ``econwatch import`` or the web page."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "规上工业月报"
        INVOICES = "invoices", "每日开票销售"
        ELECTRICITY = "electricity", "每日用电量"
        OFFICIAL = "official", "统计部门发布数"

    class Status(models.TextChoices):
        RUNNING = "running", "导入中"
        OK = "ok", "已导入"
        CHECKED = "checked", "检查通过（未导入）"
        REJECTED = "rejected", "已拒绝"
        FAILED = "failed", "程序出错"

    kind = models.CharField("数据类型", max_length=16, choices=Kind.choices)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要（SHA-256）", max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="用户",
    )
    actor = models.CharField("操作人", max_length=150, blank=True)
    vintage = models.CharField("报送批次", max_length=16, blank=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    rows = models.PositiveIntegerField("数据行数", default=0)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("核实提示数", default=0)
    problems = models.JSONField("问题清单", default=list, blank=True)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    check_only = models.BooleanField(
        "只检查不导入", default=False, help_text="只校验文件，不写入任何数据"
    )
    stored_file = models.CharField(
        "保存的文件",
        max_length=500,
        blank=True,
        help_text="网页上传的文件在 ECONWATCH_VAR 下的保存位置，供核查",
    )

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "started_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.file_name}"


class ImportChange(models.Model):
    """A stored value that an import replaced: which batch, old and new value."""

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name="导入批次",
    )
    kind = models.CharField("数据类型", max_length=16)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="单位",
    )
    day = models.DateField("日期", null=True, blank=True)
    key = models.CharField("记录", max_length=200, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)

    class Meta:
        verbose_name = "导入变更"
        verbose_name_plural = "导入变更记录"
        indexes = [models.Index(fields=["unit", "day"])]
