"""Pictures newsgen draws itself: the neutral logo and the welcome photo of
`newsgen init`, and the brushes the sample site's photos are painted with
(tests/sample_photos.py).

They are drawn, not shipped, so that no site starts with someone else's
picture, and drawn from seeded randomness, so the same call gives the same
bytes every time (no fonts, no clock, no metadata).
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageOps

Colour = tuple[int, int, int]
Point = tuple[float, float]


def neutral_logo(size: int = 512) -> bytes:
    """A publisher mark that is no one's: a dark tile with a page's headline
    and two columns of text."""
    tile = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(tile)
    unit = size // 16
    draw.rounded_rectangle((unit, unit, size - unit, size - unit), radius=2 * unit, fill=(26, 26, 26))
    draw.rectangle((4 * unit, 4 * unit, 12 * unit, 6 * unit), fill=(255, 255, 255))  # the headline
    for left in (4 * unit, 8 * unit + unit // 2):  # two columns of text
        for row in range(4):
            top = 7 * unit + row * 3 * unit // 2
            draw.rectangle((left, top, left + 3 * unit + unit // 2, top + unit // 2), fill=(255, 255, 255))
    return png(tile)


def welcome_photo(size: tuple[int, int] = (1600, 1000)) -> bytes:
    """The first story's lead photo: a town under hills at morning, wide
    enough (1,600 px) for every social card and search shape."""
    rng, scene, draw = canvas("welcome", size, (122, 164, 206), (236, 222, 196))
    width, height = size
    sun(scene, (int(width * 0.72), int(height * 0.34)), height // 9, (255, 236, 190))
    ridge(draw, rng, size, height * 0.55, height * 0.08, (128, 146, 160))
    ridge(draw, rng, size, height * 0.66, height * 0.06, (92, 112, 92))
    town(draw, rng, size, height * 0.78, (70, 66, 62))
    draw.rectangle((0, height * 0.8, width, height), fill=(84, 104, 70))
    return jpeg(finish(scene, rng))


# -- brushes --


def canvas(seed: str, size: tuple[int, int], top: Colour, bottom: Colour) -> tuple[random.Random, Image.Image, ImageDraw.ImageDraw]:
    """A new picture: its own randomness, a sky from `top` down to `bottom`, and a pen."""
    scene = sky(size, top, bottom)
    return random.Random(seed), scene, ImageDraw.Draw(scene)


def sky(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    """A picture whose sky runs from `top` down to `bottom`."""
    gradient = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(gradient, black=top, white=bottom)


def sun(picture: Image.Image, centre: tuple[int, int], radius: int, colour: Colour) -> None:
    """A soft disc of light, its glow spread by a blur."""
    glow = Image.new("L", picture.size, 0)
    x, y = centre
    ImageDraw.Draw(glow).ellipse((x - 3 * radius, y - 3 * radius, x + 3 * radius, y + 3 * radius), fill=90)
    ImageDraw.Draw(glow).ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    glow = glow.filter(ImageFilter.GaussianBlur(radius / 2))
    picture.paste(Image.new("RGB", picture.size, colour), mask=glow)


def ridge(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], base: float, rise: float,
          fill: Colour) -> None:
    """A line of hills (or a forest edge, with a small `rise`) filled down to the bottom."""
    width, height = size
    points, y = [], base
    for x in range(0, width + 40, 40):
        y = min(max(y + rng.uniform(-rise, rise) / 3, base - rise), base + rise / 2)
        points.append((x, y))
    draw.polygon([(0, height), *points, (width, height)], fill=fill)


def town(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], ground: float, colour: Colour) -> None:
    """Houses with pitched roofs and lit windows along the line `ground`."""
    width, height = size
    x = rng.uniform(0, width * 0.05)
    while x < width:
        house_width = rng.uniform(0.04, 0.08) * width
        wall = rng.uniform(0.05, 0.09) * height
        shade = tuple(max(0, c + rng.randint(-18, 18)) for c in colour)
        draw.rectangle((x, ground - wall, x + house_width, ground + 2), fill=shade)
        draw.polygon([(x - 4, ground - wall), (x + house_width / 2, ground - wall - house_width * 0.45),
                      (x + house_width + 4, ground - wall)], fill=tuple(max(0, c - 25) for c in shade))
        window = house_width / 6
        draw.rectangle((x + window, ground - wall * 0.7, x + 2 * window, ground - wall * 0.7 + window), fill=(236, 210, 140))
        x += house_width + rng.uniform(0.005, 0.03) * width


def finish(picture: Image.Image, rng: random.Random, grain: float = 0.05) -> Image.Image:
    """A lens's softness and film's grain, so the drawing compresses, and
    resizes, like a photograph rather than like flat colour."""
    width, height = picture.size
    small = (max(1, width // 3), max(1, height // 3))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).resize(picture.size, Image.Resampling.BILINEAR)
    picture = Image.blend(picture, Image.merge("RGB", (noise, noise, noise)), grain)
    return picture.filter(ImageFilter.GaussianBlur(1))


def jpeg(picture: Image.Image, quality: int = 84) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


# -- SVG paths, for marks drawn as SVG first --


def svg_path_polygons(data: str, steps: int = 24) -> list[list[Point]]:
    """The closed outlines of an SVG path's `d` (commands M L H V C Z, absolute
    or relative), each curve cut into `steps` straight pieces: enough to
    draw a logo given as SVG with Pillow, which cannot read SVG."""
    tokens = re.findall(r"[MLHVCZmlhvcz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", data)
    outlines: list[list[Point]] = []
    at: Point = (0.0, 0.0)
    command = ""
    index = 0

    def numbers(count: int) -> list[float]:
        nonlocal index
        taken = [float(t) for t in tokens[index:index + count]]
        index += count
        return taken

    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        relative = command.islower()
        origin = at if relative else (0.0, 0.0)
        kind = command.upper()
        if kind == "Z":
            command = ""
            continue
        if kind == "M":
            x, y = numbers(2)
            at = (origin[0] + x, origin[1] + y)
            outlines.append([at])
            command = "l" if relative else "L"  # further pairs are lines
        elif kind == "L":
            x, y = numbers(2)
            at = (origin[0] + x, origin[1] + y)
            outlines[-1].append(at)
        elif kind in "HV":
            (value,) = numbers(1)
            if kind == "H":
                at = ((at[0] if relative else 0.0) + value, at[1])
            else:
                at = (at[0], (at[1] if relative else 0.0) + value)
            outlines[-1].append(at)
        elif kind == "C":
            x1, y1, x2, y2, x, y = numbers(6)
            controls = [at, (origin[0] + x1, origin[1] + y1), (origin[0] + x2, origin[1] + y2), (origin[0] + x, origin[1] + y)]
            outlines[-1].extend(_cubic(controls, steps))
            at = controls[3]
        else:
            raise ValueError(f"SVG path command {command!r} is not drawn here")
    return outlines


def _cubic(controls: Sequence[Point], steps: int) -> Iterable[Point]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    for step in range(1, steps + 1):
        t = step / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        yield (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def mark(outlines: Iterable[Sequence[Point]], holes: Iterable[tuple[Point, float]], view: float, size: int,
         ink: Colour, paper: tuple[int, ...] | None = None, supersample: int = 4) -> Image.Image:
    """Outlines in a `view`-unit square drawn at `size` px in `ink`, with round
    `holes` (centre, radius) cut out, on `paper` (transparent when None);
    drawn larger and reduced, for smooth edges."""
    big = size * supersample
    scale = big / view
    shape = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(shape)
    for outline in outlines:
        draw.polygon([(x * scale, y * scale) for x, y in outline], fill=255)
    for (x, y), radius in holes:
        draw.ellipse(((x - radius) * scale, (y - radius) * scale, (x + radius) * scale, (y + radius) * scale), fill=0)
    shape = shape.resize((size, size), Image.Resampling.LANCZOS)
    if paper is None:
        picture = Image.new("RGBA", (size, size), (*ink, 0))
        picture.putalpha(shape)
        return picture
    picture = Image.new("RGB", (size, size), paper[:3])
    picture.paste(Image.new("RGB", (size, size), ink), mask=shape)
    return picture

