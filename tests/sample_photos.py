"""Draws the Raven Tribune's pictures: `python -m tests.sample_photos`.

The sample site's photos are drawings made with Pillow (generator.artwork's
brushes), not someone's photographs, so they carry no licence but ours and
no camera metadata; their credits say "Illustration". Run it again after
changing a scene: it rewrites the files under content/.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw

from generator.artwork import canvas, finish, jpeg, mark, png, ridge, sun, svg_path_polygons, town

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1800, 1200)  # 3:2, as cameras take them; wide enough for every card


def border_train() -> Image.Image:
    """The seed story: a freight train of troops on a snowy plain at dusk."""
    rng, scene, draw = canvas("border-train", SIZE, (38, 52, 84), (226, 150, 96))
    width, height = SIZE
    sun(scene, (int(width * 0.2), int(height * 0.55)), 40, (255, 206, 150))
    ridge(draw, rng, SIZE, height * 0.56, height * 0.025, (44, 50, 52))  # forest edge
    draw.rectangle((0, height * 0.6, width, height), fill=(214, 214, 226))  # snow
    rail = height * 0.72
    draw.line((0, rail + 26, width, rail + 26), fill=(70, 66, 64), width=6)
    for x in range(-60, width, 150):  # catenary masts
        draw.rectangle((x, height * 0.42, x + 8, rail + 20), fill=(50, 50, 56))
    x = -80
    while x < width:
        car = rng.uniform(230, 270)
        draw.rectangle((x, rail - 120, x + car, rail + 6), fill=(70 + rng.randint(-8, 8), 80, 58))
        draw.rectangle((x + car * 0.35, rail - 100, x + car * 0.65, rail - 10), fill=(56, 62, 46))
        for wheel in (x + 30, x + 70, x + car - 70, x + car - 30):
            draw.ellipse((wheel - 16, rail + 2, wheel + 16, rail + 34), fill=(30, 30, 30))
        x += car + 14
    return finish(scene, rng)


def winter_village() -> Image.Image:
    """Border villages: houses, firewood and birches under a grey sky."""
    rng, scene, draw = canvas("winter-village", SIZE, (150, 160, 172), (222, 224, 228))
    width, height = SIZE
    ridge(draw, rng, SIZE, height * 0.5, height * 0.05, (112, 120, 128))
    town(draw, rng, SIZE, height * 0.64, (120, 82, 56))
    draw.rectangle((0, height * 0.64, width, height), fill=(236, 238, 242))
    for row in range(6):  # a stack of logs, ends on
        for col in range(14 - row):
            cx, cy = width * 0.52 + col * 44 + row * 22, height * 0.9 - row * 40
            draw.ellipse((cx - 22, cy - 20, cx + 22, cy + 20), fill=(150 + rng.randint(-20, 20), 104, 64), outline=(96, 64, 40), width=3)
    for _ in range(9):  # birches
        x = rng.uniform(0, width * 0.45)
        draw.rectangle((x, height * 0.3, x + 18, height * 0.8), fill=(232, 230, 224))
        for y in range(int(height * 0.32), int(height * 0.78), 46):
            draw.rectangle((x, y, x + 18, y + 7), fill=(40, 40, 40))
    return finish(scene, rng)


def ferry() -> Image.Image:
    """The ferry Margarethe leaving Port Halvard."""
    rng, scene, draw = canvas("ferry", SIZE, (96, 150, 206), (214, 230, 240))
    width, height = SIZE
    ridge(draw, rng, SIZE, height * 0.5, height * 0.04, (96, 120, 110))
    draw.rectangle((0, height * 0.56, width, height), fill=(38, 86, 124))
    for _ in range(220):  # light on the water
        x, y = rng.uniform(0, width), rng.uniform(height * 0.58, height)
        draw.line((x, y, x + rng.uniform(20, 90), y), fill=(120, 170, 200), width=3)
    hull = [(width * 0.2, height * 0.6), (width * 0.82, height * 0.6), (width * 0.76, height * 0.72), (width * 0.26, height * 0.72)]
    draw.polygon(hull, fill=(28, 64, 140))
    draw.rectangle((width * 0.24, height * 0.6, width * 0.8, height * 0.63), fill=(245, 245, 245))
    draw.rectangle((width * 0.32, height * 0.46, width * 0.7, height * 0.6), fill=(245, 245, 245))
    draw.rectangle((width * 0.4, height * 0.38, width * 0.6, height * 0.46), fill=(236, 236, 236))
    for x in range(int(width * 0.34), int(width * 0.68), 40):
        draw.rectangle((x, height * 0.5, x + 24, height * 0.53), fill=(50, 70, 90))
    draw.rectangle((width * 0.52, height * 0.3, width * 0.56, height * 0.38), fill=(28, 64, 140))
    return finish(scene, rng)


def harbour() -> Image.Image:
    """An inline photo of the ferry story: Kessel's harbour front."""
    rng, scene, draw = canvas("harbour", SIZE, (120, 168, 214), (230, 236, 236))
    width, height = SIZE
    town(draw, rng, SIZE, height * 0.6, (176, 120, 96))
    town(draw, rng, SIZE, height * 0.62, (200, 170, 120))
    draw.rectangle((0, height * 0.62, width, height * 0.68), fill=(150, 146, 140))  # quay
    draw.rectangle((0, height * 0.68, width, height), fill=(44, 94, 130))
    for x in range(80, width, 260):  # moored boats
        draw.polygon([(x, height * 0.72), (x + 160, height * 0.72), (x + 140, height * 0.77), (x + 20, height * 0.77)], fill=(200, 60, 50))
        draw.line((x + 80, height * 0.72, x + 80, height * 0.5), fill=(240, 240, 240), width=5)
    return finish(scene, rng)


def shipyard() -> Image.Image:
    """Shipyard order book: a hull in dock under two cranes."""
    rng, scene, draw = canvas("shipyard", SIZE, (176, 186, 198), (240, 226, 206))
    width, height = SIZE
    draw.rectangle((0, height * 0.7, width, height), fill=(92, 96, 100))
    hull = [(width * 0.1, height * 0.5), (width * 0.9, height * 0.5), (width * 0.84, height * 0.72), (width * 0.14, height * 0.72)]
    draw.polygon(hull, fill=(150, 40, 36))
    draw.rectangle((width * 0.1, height * 0.46, width * 0.9, height * 0.5), fill=(40, 44, 50))
    for base in (0.3, 0.66):  # cranes
        x = width * base
        draw.rectangle((x, height * 0.12, x + 24, height * 0.7), fill=(232, 180, 40))
        draw.rectangle((x - 220, height * 0.12, x + 320, height * 0.15), fill=(232, 180, 40))
        draw.line((x + 200, height * 0.15, x + 200, height * 0.4), fill=(40, 40, 40), width=3)
    return finish(scene, rng)


RAVEN_VIEW = 64  # content/static/raven.svg's viewBox


def raven_outlines() -> list:
    """The raven of content/static/raven.svg; its eye is a hole (see RAVEN_EYE)."""
    svg = (ROOT / "content/static/raven.svg").read_text(encoding="utf-8")
    body, legs = re.findall(r' d="([^"]+)"', svg)
    body = body.split("Z", 1)[0] + "Z"  # the eye, an arc, is drawn as a hole instead
    return svg_path_polygons(body) + svg_path_polygons(legs)


RAVEN_EYE = ((42.0, 17.6), 1.8)
INK = (26, 26, 26)
PAPER = (247, 244, 238)


def raven_logo(size: int = 512) -> Image.Image:
    """The publisher logo as a raster, which Google needs (at least 112 px): the
    raven on transparency, as the SVG draws it on a light page."""
    return mark(raven_outlines(), [RAVEN_EYE], RAVEN_VIEW, size, INK)


def tribune_card() -> Image.Image:
    """`[publisher] image`: the card of pages and stories without a picture."""
    width, height = 1600, 900
    card = Image.new("RGB", (width, height), PAPER)
    raven = mark(raven_outlines(), [RAVEN_EYE], RAVEN_VIEW, 640, INK, PAPER)
    card.paste(raven, ((width - 640) // 2, (height - 640) // 2 - 20))
    draw = ImageDraw.Draw(card)
    for y in (90, 104, height - 104, height - 90):
        draw.rectangle((120, y, width - 120, y + (6 if y in (90, height - 104) else 2)), fill=INK)
    return card


def main() -> None:
    pictures = {
        "content/world/deployment-on-border-with-ukraine-kremlin-sends-troops-to-joint-forces-with-belarus.jpg": border_train(),
        "content/world/border-villages-winter.jpg": winter_village(),
        "content/world/ferry-service-resumes.jpg": ferry(),
        "content/world/kessel-harbour.jpg": harbour(),
        "content/business/shipyard-order-book.jpg": shipyard(),
    }
    for rel, picture in pictures.items():
        (ROOT / rel).write_bytes(jpeg(picture))
    (ROOT / "content/static/raven.png").write_bytes(png(raven_logo()))
    (ROOT / "content/static/tribune-card.jpg").write_bytes(jpeg(tribune_card()))


if __name__ == "__main__":
    main()
