"""Alert rules (versioned data), alerts and their history.

An :class:`AlertRule` row is one *version* of a rule: changing a rule in the admin
adds a new version and retires the old one, so every alert can say which numbers
raised it. An :class:`Alert` is one episode of a rule's condition for one
enterprise: it is raised when the condition first holds, updated (``last_seen``,
evidence) while it keeps holding, and ends its episode (``cleared_on``) when the
data show the condition no longer holds. At most one episode per enterprise ×
rule is unfinished at a time (a partial unique index), so re-running never floods.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from econwatch.alerts.kinds import (
    COMPARISON_CHOICES,
    INDICATOR_CHOICES,
    KIND_CHOICES,
    KINDS,
    Kind,
)
from econwatch.register.models import Unit


class Level(models.TextChoices):
    """Alert colour, most severe first."""

    RED = "red", "红色"
    ORANGE = "orange", "橙色"
    YELLOW = "yellow", "黄色"


def severity() -> Case:
    """An expression ordering levels by severity: 红 0, 橙 1, 黄 2."""
    return Case(
        When(level=Level.RED, then=Value(0)),
        When(level=Level.ORANGE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class Scope(models.TextChoices):
    """Which enterprises a rule watches."""

    ALL = "all", "全部企业"
    ABOVE_SCALE = "above_scale", "规上企业"
    TAG = "tag", "持有标签的企业（如骨干企业）"


class AlertRule(models.Model):
    """One version of an alert rule: a built-in kind with the bureau's numbers."""

    code = models.CharField("规则代码", max_length=32)
    name = models.CharField("规则名称", max_length=100)
    version = models.PositiveIntegerField("版本", default=1)
    active = models.BooleanField("启用", default=True)
    kind = models.CharField("规则类型", max_length=40, choices=KIND_CHOICES)
    level = models.CharField("预警等级", max_length=8, choices=Level.choices)
    indicator = models.CharField(
        "指标", max_length=24, choices=INDICATOR_CHOICES, blank=True
    )
    comparison = models.CharField(
        "比较方式", max_length=24, choices=COMPARISON_CHOICES, blank=True
    )
    threshold = models.DecimalField("阈值", max_digits=14, decimal_places=2)
    persistence = models.PositiveSmallIntegerField(
        "持续期数", default=1, help_text="连续多少周/月满足条件才预警"
    )
    scope = models.CharField(
        "适用范围", max_length=16, choices=Scope.choices, default=Scope.ALL
    )
    scope_tag = models.CharField(
        "标签代码", max_length=32, blank=True, help_text="适用范围为“标签”时填写"
    )
    parameters = models.JSONField("参数", default=dict, blank=True)
    valid_from = models.DateField("生效日期")
    description = models.TextField("说明", blank=True)
    changed_by = models.CharField("修改人", max_length=150, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="alertrule_code_version"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(active=True),
                name="alertrule_one_active_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code} v{self.version}）"

    def clean(self) -> None:
        """Fill indicator and comparison from the kind; check the scope."""
        kind = KINDS.get(self.kind)
        if kind is None:
            raise ValidationError({"kind": f"规则类型 {self.kind!r} 不存在"})
        self.indicator = self.indicator or kind.indicator
        self.comparison = self.comparison or kind.comparison
        errors = {}
        if self.indicator != kind.indicator:
            errors["indicator"] = f"“{kind.label}”类规则的指标只能是 {kind.indicator}"
        if self.comparison != kind.comparison:
            errors["comparison"] = (
                f"“{kind.label}”类规则的比较方式只能是 {kind.comparison}"
            )
        if self.scope == Scope.TAG and not self.scope_tag:
            errors["scope_tag"] = "适用范围为“标签”时必须填写标签代码，如骨干企业的代码"
        if not isinstance(self.parameters, dict):
            errors["parameters"] = '参数必须是 JSON 对象，如 {"due_day": 8}'
        if errors:
            raise ValidationError(errors)

    @property
    def kind_spec(self) -> Kind:
        """The built-in kind this rule runs."""
        return KINDS[self.kind]

    def params(self) -> dict[str, Any]:
        """The kind's default parameters overridden by this rule's own."""
        return {**self.kind_spec.parameters, **(self.parameters or {})}

    def sentence(self) -> str:
        """The rule as a Chinese sentence."""
        threshold = f"{self.threshold.normalize():f}"
        return self.kind_spec.describe(threshold, self.persistence, self.params())


class Alert(models.Model):
    """One episode of a rule's condition for one enterprise."""

    class Status(models.TextChoices):
        NEW = "new", "新发"
        SEEN = "seen", "已查看"
        HANDLED = "handled", "已处置"
        CLOSED = "closed", "已关闭"

    OPEN = (Status.NEW, Status.SEEN)

    rule = models.ForeignKey(
        AlertRule,
        on_delete=models.PROTECT,
        related_name="alerts",
        verbose_name="规则（版本）",
    )
    rule_code = models.CharField("规则代码", max_length=32, db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="alerts", verbose_name="企业"
    )
    level = models.CharField("等级", max_length=8, choices=Level.choices)
    status = models.CharField(
        "状态", max_length=8, choices=Status.choices, default=Status.NEW
    )
    summary = models.CharField("预警内容", max_length=400)
    evidence = models.JSONField("依据", default=dict)
    first_seen = models.DateField("首次发现")
    last_seen = models.DateField("最近发现")
    cleared_on = models.DateField(
        "条件解除日期", null=True, blank=True, help_text="数据显示条件不再满足的评估日"
    )
    status_at = models.DateTimeField("状态时间", default=timezone.now)
    status_by = models.CharField("状态操作人", max_length=150, default="系统")
    version = models.PositiveIntegerField(
        "版本",
        default=1,
        help_text="状态每变更一次加一；页面提交时据此发现他人已先行操作",
    )
    handed_off_at = models.DateTimeField("转交调度时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-last_seen", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule_code"],
                condition=Q(cleared_on__isnull=True),
                name="alert_one_episode_per_unit_rule",
            )
        ]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return f"[{self.get_level_display()}] {self.unit} {self.summary}"

    @property
    def is_open(self) -> bool:
        """新发 or 已查看: waiting for someone."""
        return self.status in self.OPEN


class AlertEvent(models.Model):
    """One step in an alert's history: who did what, when."""

    class Action(models.TextChoices):
        RAISED = "raised", "新发"
        SEEN = "seen", "查看"
        HANDLED = "handled", "处置"
        CLOSED = "closed", "关闭"
        CLEARED = "cleared", "条件解除"
        RULE_VERSION = "rule_version", "规则版本更新"
        HANDOFF = "handoff", "转交周调度"

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="events", verbose_name="预警"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="用户",
    )
    actor = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=8, blank=True)
    to_status = models.CharField("新状态", max_length=8, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "预警记录"
        verbose_name_plural = "预警处理记录"
        ordering = ["alert", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"
