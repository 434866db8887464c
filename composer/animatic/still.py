"""One picture of the shot at a moment, composed in Pillow: the boards' panels (the video uses libavfilter).

Both read ``Plan.window`` for each layer, so a board panel shows the frame the video shows at that time
(without the burnt-in text, which the boards print beside the picture).
"""

from __future__ import annotations

from PIL import Image

from composer.animatic.layers import Layer
from composer.animatic.plan import Plan


def picture(plan: Plan, layers: list[Layer], t: float, size: tuple[int, int]) -> Image.Image:
    """The layers as the camera sees them at ``t``, scaled to ``size``."""
    out = Image.new("RGBA", (plan.w0, plan.h0), (0, 0, 0, 255))
    for layer in layers:
        x, y, w, h = plan.window(layer.depth, t)
        x0, y0 = round(x), round(y)
        box = (x0, y0, x0 + max(1, round(w)), y0 + max(1, round(h)))
        part = layer.image.resize((plan.w0, plan.h0), Image.Resampling.BILINEAR, box=box)
        out.alpha_composite(part.convert("RGBA"))
    return out.convert("RGB").resize(size, Image.Resampling.BICUBIC)
