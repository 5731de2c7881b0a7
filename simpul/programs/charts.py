"""Server-side SVG charts (no JavaScript, a few hundred bytes each)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def bars(rows: list[tuple[str, int]], *, label: str) -> SafeString:
    """Horizontal bars: one row per (label, value)."""
    if not rows:
        return mark_safe("")
    top = max(v for _, v in rows) or 1
    h = 26 * len(rows)
    parts = [f'<svg class="pg-chart" viewBox="0 0 640 {h}" role="img" aria-label="{escape(label)}">']
    for i, (name, value) in enumerate(rows):
        y = i * 26
        w = round(300 * value / top)
        parts.append(
            f'<text x="0" y="{y + 17}" class="pg-label">{escape(name[:38])}</text>'
            f'<rect x="250" y="{y + 5}" width="{w}" height="16" class="pg-bar"></rect>'
            f'<text x="{256 + w}" y="{y + 17}" class="pg-label">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label escaped above


def columns(rows: list[tuple[str, int]], *, label: str) -> SafeString:
    """Vertical columns for a trend (months or years)."""
    if not rows:
        return mark_safe("")
    top = max(v for _, v in rows) or 1
    n = len(rows)
    step = 600 / n
    parts = [f'<svg class="pg-chart" viewBox="0 0 640 200" role="img" aria-label="{escape(label)}">']
    for i, (name, value) in enumerate(rows):
        x = 30 + i * step
        h = round(150 * value / top)
        parts.append(
            f'<rect x="{x + 3:.0f}" y="{170 - h}" width="{step - 6:.0f}" height="{h}" class="pg-bar">'
            f"<title>{escape(name)}: {_fmt(value)}</title></rect>"
            f'<text x="{x + step / 2:.0f}" y="190" text-anchor="middle" class="pg-label">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
