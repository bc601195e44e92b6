"""Colours a coordinator picks must keep text readable (WCAG 2.1 AA: 4.5:1)."""

from __future__ import annotations

MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_css(primary: str) -> str:
    # Only the light scheme: KERN's dark scheme has its own, lighter action colours.
    return (
        "@media (prefers-color-scheme: light) {\n"
        "  :root {\n"
        f"    --kern-color-action-default: {primary};\n"
        f"    --frh-color-primary: {primary};\n"
        "  }\n"
        "}\n"
        f":root {{ --frh-color-brand: {primary}; }}\n"
    )
