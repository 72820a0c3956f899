"""The training loss as a small SVG line plot (no plotting library needed)."""

from __future__ import annotations

from collections.abc import Sequence

WIDTH, HEIGHT, MARGIN = 640, 320, 40
"""Plot size and margin, in SVG pixels."""


def loss_svg(losses: Sequence[float], title: str = "training loss (answer tokens)") -> str:
    """An SVG document plotting `losses` against the step."""
    if not losses:
        return _svg([f'<text x="{MARGIN}" y="{HEIGHT // 2}">no steps run</text>'])
    top = max(losses) or 1.0
    span_x = WIDTH - 2 * MARGIN
    span_y = HEIGHT - 2 * MARGIN
    step = span_x / max(1, len(losses) - 1)
    points = " ".join(
        f"{MARGIN + i * step:.1f},{HEIGHT - MARGIN - (v / top) * span_y:.1f}"
        for i, v in enumerate(losses)
    )
    return _svg([
        f'<text x="{MARGIN}" y="24" font-size="14">{title}</text>',
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
        f'y2="{HEIGHT - MARGIN}" stroke="black"/>',
        f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" stroke="black"/>',
        f'<text x="4" y="{MARGIN + 4}" font-size="11">{top:.2f}</text>',
        f'<text x="20" y="{HEIGHT - MARGIN + 4}" font-size="11">0</text>',
        f'<text x="{WIDTH - MARGIN - 30}" y="{HEIGHT - 12}" font-size="11">'
        f"step {len(losses)}</text>",
        f'<polyline fill="none" stroke="steelblue" stroke-width="1.5" points="{points}"/>',
    ])


def _svg(body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}">')
    return "\n".join([head, '<rect width="100%" height="100%" fill="white"/>', *body, "</svg>"])
