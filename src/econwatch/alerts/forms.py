"""The form behind the detail page's buttons (and the JSON action API).

It carries the step asked for, the note and the alert's ``version`` as the user
saw it; the service (:func:`econwatch.alerts.services.change_status`) makes the
final checks under a row lock. The form checks what it can say next to a field:
a missing note, a missing version.
"""

from __future__ import annotations

from typing import Any

from django import forms

from econwatch.alerts.models import Alert
from econwatch.alerts.services import NOTE_REQUIRED
from econwatch.core.codes.problems import CodeProblem

Status = Alert.Status

STEP_CHOICES = [
    (Status.SEEN, "标记已查看"),
    (Status.HANDLED, "已处置"),
    (Status.CLOSED, "关闭"),
]


class ActionForm(forms.Form):
    """One step in an alert's lifecycle."""

    action = forms.ChoiceField(
        label="操作",
        choices=STEP_CHOICES,
        error_messages={
            "required": "缺少操作 action：seen（标记已查看）、handled（已处置）"
            "或 closed（关闭）",
            "invalid_choice": "操作 %(value)s 不存在；可选：seen（标记已查看）、"
            "handled（已处置）、closed（关闭）",
        },
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "说明最多 %(limit_value)d 字，请精简后再提交"},
    )
    version = forms.IntegerField(
        label="版本",
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": "缺少版本号 version：请从预警详情页提交，"
            "或在请求中带上读取预警时的 version",
            "invalid": "版本号 version 须为整数",
            "min_value": "版本号 version 须为正整数",
        },
    )

    def clean(self) -> dict[str, Any]:
        """A note is required for 已处置 (what was done) and 已关闭 (why)."""
        data = super().clean()
        action = data.get("action")
        if action in NOTE_REQUIRED and not data.get("note", "").strip():
            self.add_error("note", NOTE_REQUIRED[action])
        return data

    def problems(self) -> list[CodeProblem]:
        """Every field error, in the platform's problem shape."""
        notes = set(NOTE_REQUIRED.values())
        out = []
        for name, errors in self.errors.items():
            value = self.data.get(name)
            for message in errors:
                code = "note-required" if message in notes else f"{name}-invalid"
                out.append(
                    CodeProblem(
                        code,
                        name,
                        "" if value is None else str(value),
                        str(message),
                    )
                )
        return out
