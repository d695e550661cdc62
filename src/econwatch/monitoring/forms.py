"""The upload form of the 数据导入 page: what is checked before the file is kept.

Only what the import itself cannot judge is checked here (a kind, a file of an
accepted type and size, options that fit the kind); the file's content is checked
by the import, which lists every problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from econwatch.monitoring.imports import KINDS
from econwatch.monitoring.upload import SUFFIXES, Options


class UploadForm(forms.Form):
    """Kind, file and options of one upload."""

    kind = forms.ChoiceField(
        label="数据类型",
        choices=[("", "请选择…")]
        + [(key, f"{kind.title}（{key}）") for key, kind in KINDS.items()],
    )
    file = forms.FileField(label="数据文件")
    check_only = forms.BooleanField(
        label="只检查不导入",
        required=False,
        help_text="完整检查文件并列出全部问题，但不写入任何数据；检查通过后可直接导入",
    )
    vintage = forms.CharField(
        label="报送批次（仅月报）",
        max_length=16,
        required=False,
        help_text="文件中没有“报送批次”列时使用；不填则为导入日期，如2024-04-05",
    )
    replace_period = forms.BooleanField(
        label="本文件是完整月报（仅月报）",
        required=False,
        help_text="文件中报告期内、文件里没有的企业的当前数据一并撤下（保留旧版本）",
    )

    def __init__(
        self, *args: Any, max_bytes: int, too_large: bool = False, **kwargs: Any
    ):
        """Build the form.

        Args:
            max_bytes: The largest file accepted.
            too_large: The upload was stopped at the limit (the file is absent).
            *args: Passed to Django's form.
            **kwargs: Passed to Django's form.
        """
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        limit = self.max_mb
        self.fields["file"].help_text = (
            f"CSV（UTF-8或GB18030编码）或Excel .xlsx，不超过{limit} MB；"
            "读取第一个工作表，表头见各类型模板"
        )
        if too_large:
            self.fields["file"].error_messages["required"] = self._too_large()

    @property
    def max_mb(self) -> int:
        """The size limit in MB."""
        return self.max_bytes // (1024 * 1024)

    def _too_large(self) -> str:
        return (
            f"文件超过{self.max_mb} MB的上限，没有接收。请按月拆分成几个文件分别导入，"
            "或由管理员用命令行 econwatch import 导入"
        )

    def clean_file(self) -> Any:
        """An accepted file type, within the size limit."""
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix == ".xls":
            raise forms.ValidationError(
                "不支持旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx或CSV后再上传"
            )
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                f"只接受CSV或Excel .xlsx文件，“{upload.name}”不是；"
                "请用各类型的模板填写后上传"
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(self._too_large())
        return upload

    def clean(self) -> dict[str, Any]:
        """Monthly options only with monthly reports."""
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != "monthly":
            if data.get("vintage"):
                self.add_error(
                    "vintage", "报送批次只用于规上工业月报，请清空或改选数据类型"
                )
            if data.get("replace_period"):
                self.add_error(
                    "replace_period", "“完整月报”只用于规上工业月报，请取消勾选"
                )
        return data

    def options(self) -> Options:
        """The validated choices as import options."""
        data = self.cleaned_data
        return Options(
            data["kind"],
            check_only=bool(data.get("check_only")),
            vintage=(data.get("vintage") or "").strip(),
            replace_period=bool(data.get("replace_period")),
        )
