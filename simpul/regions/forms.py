"""Form fields for choosing a region without loading 83,762 villages into a page.

RegionField takes an official code typed or chosen with the picker; RegionPickerWidget renders the
code input, a link to the step-by-step page (no JavaScript needed) and, with JavaScript, a
search-as-you-type list (htmx + simpul/js/region-picker.js).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .codes import normalize_code
from .models import Level, Region


class RegionPickerWidget(forms.TextInput):
    """A text input for a region code; the regions app's picker script and htmx enhance it."""

    template_name = "regions/widgets/region_picker.html"

    def __init__(self, attrs=None, max_level: int = 4):
        self.max_level = max_level
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        code = value.code if isinstance(value, Region) else (value or "")
        region = value if isinstance(value, Region) else (selectors.region_get(code) if code else None)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or name
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described} {widget_id}_path".strip()
        widget.update(region=region, max_level=self.max_level, picker_id=widget_id)
        widget["value"] = code
        return context


class RegionField(forms.Field):
    """Accepts an official Kemendagri code ('52.71' or '5271') and returns the Region; refuses unknown codes."""

    widget = RegionPickerWidget
    default_error_messages = {
        "unknown": _("There is no region with the code %(code)s."),
        "replaced": _("The code %(code)s is no longer used: its area is now in %(name)s, code %(new_code)s."),
        "level": _("Choose a region at a finer level."),
        "too_fine": _("Choose a larger region: a %(level)s at most."),
    }

    def __init__(self, *, min_level: int = 1, max_level: int = 4, **kwargs):
        self.min_level, self.max_level = min_level, max_level
        kwargs.setdefault("widget", RegionPickerWidget(max_level=max_level))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, Region) else value

    def to_python(self, value):
        if isinstance(value, Region):
            return value
        raw = (value or "").strip()
        if not raw:
            return None
        code = normalize_code(raw)
        region = selectors.region_get(code) if code else None
        if region is None:
            replacement = selectors.region_resolve_code(code) if code else None
            if replacement is not None:
                raise forms.ValidationError(
                    self.error_messages["replaced"],
                    code="replaced",
                    params={"code": raw, "name": replacement.path, "new_code": replacement.code},
                )
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"code": raw})
        if region.level < self.min_level:
            raise forms.ValidationError(self.error_messages["level"], code="level")
        if region.level > self.max_level:
            raise forms.ValidationError(
                self.error_messages["too_fine"], code="level", params={"level": Level(self.max_level).label}
            )
        return region
