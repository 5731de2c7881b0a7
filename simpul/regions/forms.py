"""Form fields for choosing a region without loading 83,762 villages into a page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Region


class RegionPickerWidget(forms.TextInput):
    """A text input for a region code; the regions app's picker script and htmx enhance it."""

    template_name = "regions/widgets/region_picker.html"

    def __init__(self, attrs=None, max_level: int = 4):
        self.max_level = max_level
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        code = value.code if isinstance(value, Region) else (value or "")
        region = Region.objects.filter(code=code).first() if code else None
        context["widget"].update(region=region, max_level=self.max_level)
        context["widget"]["value"] = code
        return context


class RegionField(forms.Field):
    """Accepts an official Kemendagri code ('52.71' or '5271') and returns the Region; refuses unknown codes."""

    widget = RegionPickerWidget
    default_error_messages = {
        "unknown": _("There is no region with the code %(code)s."),
        "level": _("Choose a region at a finer level."),
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
        code = raw if "." in raw else ".".join(p for p in (raw[0:2], raw[2:4], raw[4:6], raw[6:10]) if p)
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"code": raw})
        if not (self.min_level <= region.level <= self.max_level):
            raise forms.ValidationError(self.error_messages["level"], code="level")
        return region
