"""The unit register: every legal unit, activity unit and individual business.

Code lists (industries, divisions, registration categories) are loaded from the
files shipped in ``econwatch.core.codes`` by a data migration and can be viewed
in the admin; taxonomies (95X, 1650) and reporting scopes are versioned data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Division(models.Model):
    """A 统计用区划 (district or town level) of the district."""

    code12 = models.CharField("统计用区划代码", max_length=12, primary_key=True)
    code9 = models.CharField("9位代码", max_length=9, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16)
    type = models.CharField("类型", max_length=16)
    parent_code12 = models.CharField("上级代码", max_length=12, blank=True)

    class Meta:
        verbose_name = "区划"
        verbose_name_plural = "区划（统计用区划代码）"
        ordering = ["code12"]

    def __str__(self) -> str:
        return f"{self.code9} {self.name}"


class Industry(models.Model):
    """A GB/T 4754-2017 category (section, division, group or class)."""

    code = models.CharField("代码", max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField("层级")
    name = models.CharField("名称", max_length=128)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, verbose_name="上级"
    )

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = "国民经济行业分类（GB/T 4754-2017）"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RegistrationCategory(models.Model):
    """A 登记注册统计类别 (2023)."""

    code = models.CharField("代码", max_length=3, primary_key=True)
    level = models.PositiveSmallIntegerField("层级")
    name = models.CharField("名称", max_length=64)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, verbose_name="上级"
    )

    class Meta:
        verbose_name = "登记注册统计类别"
        verbose_name_plural = "登记注册统计类别（2023）"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Unit(models.Model):
    """An economic unit: 法人单位, 产业活动单位 or 个体经营户."""

    class Kind(models.TextChoices):
        LEGAL = "legal", "法人单位"
        ACTIVITY = "activity", "产业活动单位"
        INDIVIDUAL = "individual", "个体经营户"

    class Status(models.TextChoices):
        OPERATING = "1", "营业"
        SUSPENDED = "2", "停业（歇业）"
        PREPARING = "3", "筹建"
        CLOSED = "4", "当年关闭"
        BANKRUPT = "5", "当年破产"
        DEREGISTERED = "6", "注销"
        REVOKED = "7", "吊销"
        OTHER = "9", "其他"

    class Size(models.TextChoices):
        LARGE = "1", "大型"
        MEDIUM = "2", "中型"
        SMALL = "3", "小型"
        MICRO = "4", "微型"

    kind = models.CharField("单位类型", max_length=12, choices=Kind.choices)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, null=True, blank=True, unique=True
    )
    name = models.CharField("单位名称", max_length=200, db_index=True)
    legal_unit = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_units",
        verbose_name="所属法人单位",
    )
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, verbose_name="所在镇（街道）"
    )
    zone_code = models.CharField("普查小区代码", max_length=15, blank=True)
    address = models.CharField("详细地址", max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="行业代码",
    )
    reg_category = models.ForeignKey(
        RegistrationCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="登记注册统计类别",
    )
    status = models.CharField(
        "运营状态", max_length=1, choices=Status.choices, default=Status.OPERATING
    )
    size_class = models.CharField(
        "企业规模", max_length=1, choices=Size.choices, blank=True
    )
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    revenue = models.BigIntegerField("营业收入（千元）", null=True, blank=True)
    founded = models.DateField("成立日期", null=True, blank=True)
    operator_name = models.CharField("经营者姓名", max_length=64, blank=True)
    operator_id_hash = models.CharField(
        "经营者身份证号（加盐摘要）", max_length=64, blank=True
    )
    operator_id_last4 = models.CharField("身份证号后4位", max_length=4, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位名录"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["division", "kind"]),
            models.Index(fields=["industry"]),
        ]

    def __str__(self) -> str:
        return self.name


class UnitName(models.Model):
    """A name the unit carried, with its validity period (name history)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="names")
    name = models.CharField("名称", max_length=200)
    valid_from = models.DateField("启用日期", null=True, blank=True)
    valid_to = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "曾用名"
        verbose_name_plural = "名称历史"
        ordering = ["unit", "valid_from"]


class UnitYear(models.Model):
    """Per-year facts about a unit: above-scale flag (规上), revenue, employees."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("年份")
    above_scale = models.BooleanField("规模以上", default=False)
    revenue = models.BigIntegerField("营业收入（千元）", null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)

    class Meta:
        verbose_name = "年度情况"
        verbose_name_plural = "年度情况（规上标志）"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_year_unique")
        ]
        indexes = [models.Index(fields=["year", "above_scale"])]


class Tag(models.Model):
    """A quality label such as 高新技术企业 or 专精特新“小巨人”."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "企业标签"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class UnitTag(models.Model):
    """A tag held by a unit over a validity period."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="holders")
    valid_from = models.DateField("生效日期")
    valid_to = models.DateField("失效日期", null=True, blank=True)
    source = models.CharField("来源", max_length=128, blank=True)

    class Meta:
        verbose_name = "单位标签"
        verbose_name_plural = "单位标签"
        indexes = [models.Index(fields=["tag", "valid_from"])]


class Taxonomy(models.Model):
    """A family of cluster/chain classifications, e.g. 武进95X or 江苏1650."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=128)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "产业体系"
        verbose_name_plural = "产业体系（集群与产业链）"

    def __str__(self) -> str:
        return self.name


class TaxonomyVersion(models.Model):
    """A dated version of a taxonomy; members are attached to versions."""

    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField("版本", max_length=32)
    valid_from = models.DateField("生效日期")
    valid_to = models.DateField("失效日期", null=True, blank=True)
    source = models.TextField("来源", blank=True)

    class Meta:
        verbose_name = "体系版本"
        verbose_name_plural = "体系版本"
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "label"], name="taxonomy_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy.code} {self.label}"


class TaxonomyNode(models.Model):
    """A cluster, chain or group inside one taxonomy version."""

    version = models.ForeignKey(
        TaxonomyVersion, on_delete=models.CASCADE, related_name="nodes"
    )
    code = models.CharField("代码", max_length=32)
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=16, default="cluster")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    units = models.ManyToManyField(Unit, blank=True, related_name="taxonomy_nodes")

    class Meta:
        verbose_name = "集群/产业链"
        verbose_name_plural = "集群/产业链"
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="node_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ReportingScope(models.Model):
    """A named geography the bureau reports on (全区, 不含经开区, 武进国家高新区)."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    description = models.TextField("说明", blank=True)
    divisions = models.ManyToManyField(Division, related_name="scopes")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "统计口径"
        verbose_name_plural = "统计口径（报告范围）"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One field change of a unit: who, when, old, new, why."""

    unit = models.ForeignKey(
        Unit, null=True, on_delete=models.SET_NULL, related_name="audit"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16)
    field = models.CharField("字段", max_length=64, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录（审计轨迹）"
        ordering = ["-at", "-id"]
