"""The register's forms: the search form and the unit form.

The unit form only carries the input (and keeps it when a save is refused);
the checks themselves are the service's (:mod:`econwatch.register.validation`),
whose problems :meth:`UnitForm.add_problems` puts next to the fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from econwatch.core.codes import divisions, registration
from econwatch.core.codes.problems import CodeProblem
from econwatch.register.fields import BY_NAME, SIZE_AUTO
from econwatch.register.models import Tag, Unit, UnitYear

ANY = [("", _("全部"))]


def _towns() -> list[tuple[str, str]]:
    return [(t.code9 + "000", t.name) for t in divisions.towns()]


def _years() -> list[tuple[str, str]]:
    years = UnitYear.objects.order_by("year").values_list("year", flat=True)
    first, last = years.first(), years.order_by("-year").first()
    if first is None or last is None:
        return []
    return [(str(y), f"{y}年规上") for y in range(last, first - 1, -1)]


class SearchForm(forms.Form):
    """Filters of the register search (all optional, sent by GET)."""

    q = forms.CharField(
        label=_("名称或统一社会信用代码"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "输入名称片段或统一社会信用代码", "autofocus": True}
        ),
    )
    town = forms.ChoiceField(label=_("镇（街道）"), required=False)
    industry = forms.CharField(
        label=_("行业"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "代码或名称", "list": "industry-hints"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("单位类型"), required=False, choices=ANY + Unit.Kind.choices
    )
    size = forms.ChoiceField(
        label=_("企业规模"), required=False, choices=ANY + Unit.Size.choices
    )
    status = forms.ChoiceField(
        label=_("运营状态"), required=False, choices=ANY + Unit.Status.choices
    )
    tag = forms.ChoiceField(label=_("标签"), required=False)
    year = forms.ChoiceField(label=_("规上年份"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Fill the choices that come from the code lists and the database."""
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = ANY + _towns()
        self.fields["tag"].choices = ANY + list(
            Tag.objects.order_by("code").values_list("code", "name")
        )
        self.fields["year"].choices = ANY + _years()


def _text(name: str, **attrs: Any) -> forms.CharField:
    spec = BY_NAME[name]
    return forms.CharField(
        label=spec.label,
        help_text=spec.hint,
        required=False,
        widget=forms.TextInput(attrs=attrs),
    )


class UnitForm(forms.Form):
    """Register or edit a unit; ``reason`` and ``version`` go to the audit trail."""

    kind = forms.ChoiceField(label=BY_NAME["kind"].label, choices=Unit.Kind.choices)
    name = _text("name", size=50)
    uscc = _text("uscc", maxlength=24, autocomplete="off", spellcheck="false")
    division = forms.ChoiceField(
        label=BY_NAME["division"].label, required=False, choices=[]
    )
    zone_code = _text("zone_code", maxlength=20, inputmode="numeric")
    address = _text("address", size=50)
    industry = _text("industry", maxlength=8, list="industry-hints")
    reg_category = forms.ChoiceField(
        label=BY_NAME["reg_category"].label, required=False, choices=[]
    )
    status = forms.ChoiceField(
        label=BY_NAME["status"].label, choices=Unit.Status.choices
    )
    size_class = forms.ChoiceField(
        label=BY_NAME["size_class"].label,
        help_text=BY_NAME["size_class"].hint,
        required=False,
        choices=[("", "未划分"), (SIZE_AUTO, "自动判定"), *Unit.Size.choices],
    )
    employees = _text("employees", inputmode="numeric")
    revenue = _text("revenue", inputmode="numeric")
    founded = forms.CharField(
        label=BY_NAME["founded"].label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    legal_unit = _text("legal_unit", maxlength=24)
    operator_name = _text("operator_name")
    operator_id = _text("operator_id", maxlength=20, autocomplete="off")
    phone = _text("phone", inputmode="tel")
    reason = forms.CharField(
        label=_("变更原因"),
        max_length=200,
        help_text=_("必填，记入变更记录，如“年报更正”“迁址”“新设立登记”"),
        error_messages={"required": _("请填写变更原因，它会记入变更记录")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, creating: bool = False, kind: str = "", **kwargs: Any
    ) -> None:
        """Build the form.

        Args:
            *args: As for Django forms.
            creating: Keep the unit-kind choice (a new unit).
            kind: The kind of the unit edited; fields other kinds do not carry
                (the operator of an individual business, the legal unit of an
                activity unit) are left out.
            **kwargs: As for Django forms.
        """
        super().__init__(*args, **kwargs)
        if kind and kind != Unit.Kind.INDIVIDUAL:
            del self.fields["operator_name"], self.fields["operator_id"]
        if kind and kind != Unit.Kind.ACTIVITY:
            del self.fields["legal_unit"]
        self.fields["division"].choices = [("", "请选择"), *_towns()]
        self.fields["reg_category"].choices = [
            ("", "未填"),
            *((c.code, f"{c.code} {c.name}") for c in registration.leaf_categories()),
        ]
        if not creating:
            del self.fields["kind"]

    def changes(self) -> dict[str, Any]:
        """The submitted unit fields (without reason and version)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("reason", "version")
        }

    def add_problems(self, problems: Iterable[CodeProblem]) -> None:
        """Show the service's problems next to their fields."""
        for p in problems:
            self.add_error(p.field if p.field in self.fields else None, p.message)
