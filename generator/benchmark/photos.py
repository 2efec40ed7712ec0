"""The image case of the benchmark: an archive whose every story has a
4000×3000 JPEG lead photo, as a newsroom's camera or agency delivers it.

Photos are drawn deterministically (gradients and seeded ellipses, so that
they compress like photos rather than like flat colour) and written once:
a later run with the same N reuses them.
"""

from __future__ import annotations

import random
from pathlib import Path

from .corpus import Story

PHOTO_SIZE = (4000, 3000)


def draw_photo(seed: int, base=None):
    from PIL import ImageDraw  # noqa: PLC0415

    if base is None:
        base = _base()
    rng = random.Random(seed)
    photo = base.copy()
    draw = ImageDraw.Draw(photo)
    width, height = PHOTO_SIZE
    for _ in range(40):
        x0, x1 = sorted((rng.randrange(width), rng.randrange(width)))
        y0, y1 = sorted((rng.randrange(height), rng.randrange(height)))
        draw.ellipse([x0, y0, x1, y1], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    return photo


def _base():
    from PIL import Image  # noqa: PLC0415

    gradient = Image.linear_gradient("L")
    return Image.merge("RGB", (gradient.resize(PHOTO_SIZE), gradient.rotate(90).resize(PHOTO_SIZE),
                               Image.radial_gradient("L").resize(PHOTO_SIZE)))


def add_photos(stories: list[Story], root: Path) -> None:
    """A lead photo beside each story (drawn when missing), named in its front matter."""
    base = _base()
    for index, story in enumerate(stories):
        path = root / "content" / story.section / f"{story.slug}.jpg"
        if not path.exists():
            draw_photo(index, base).save(path, "JPEG", quality=88)
        text = path.with_suffix(".md").read_text(encoding="utf-8")
        if "\nimage:" not in text:
            text = text.replace("\n---\n", f"\nimage: {path.name}\nimage_alt: Photo {index}\n---\n", 1)
            path.with_suffix(".md").write_text(text, encoding="utf-8")
