"""Pictures: every raster image the site publishes, read once and written
in the widths a reader's screen needs.

    probe (when a file is read) → plan its variants → process them → write

A JPEG, PNG or WebP in content/ or static/ is published as variants: each
width of `[images] widths` narrower than the image, and the image itself
(no wider than the largest of them) under its own name, in its own format
and, with `webp`, as WebP too. A variant is never wider than its source.
Every variant has the EXIF orientation applied, its colours converted to
sRGB, and no metadata at all: a phone's GPS position never leaks. SVG, GIF
and animated images are published as they are.

Processing is a planned output of its own: each source's variants are made
together on the build's Executor (one image per worker at a time, JPEGs
decoded at the smallest scale that still covers the widest variant) and
kept in the build cache under the digest of the source and of every setting
that shapes them, so a rebuild after a story edit processes no image and
replacing one processes only it. Markup (srcset, width and height) is made
from the probe alone, so pages never wait for pixels.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator, Mapping

from .checked import read_checked, write_checked
from .config import ImageSettings
from .content.markdown import ImageMarkup
from .errors import Diagnostic, error, warning
from .outputs import OutputFile
from .write import place

RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The largest image read at all: 100 megapixels, a large camera's. Set here,
# not left to Pillow's default, so that a decompression bomb is refused
# with a message rather than half-read.
MAX_PIXELS = 100_000_000
MAX_SIDE = 30_000
# Bumped when processing changes what it writes: every cached variant is then made again.
PIPELINE = "images/4"


@dataclass(frozen=True)
class ImageInfo:
    """What a raster image is, read from its header: enough for markup."""

    width: int  # as shown, after the EXIF orientation
    height: int
    format: str  # JPEG, PNG or WEBP

    @property
    def mark(self) -> str:
        """What pages showing the image depend on: their markup changes with it."""
        return f"{self.width}x{self.height}/{self.format}"


def is_raster(path: str) -> bool:
    return path.lower().endswith(RASTER_SUFFIXES)


def probe(data: bytes, label: str) -> tuple[ImageInfo | None, list[Diagnostic]]:
    """The image's info, or None for one published as it is (animated), with
    what is wrong with it. `label`: the file, as messages name it."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415  (only a build with images pays for Pillow)

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    image = None
    data, dropped = _png_without_damaged_chunks(data)
    said = [warning(label, None, f"has a damaged {', '.join(dropped)} chunk (its checksum is wrong): read without it, as browsers "
                                 "show it; export it again to keep what it held (a colour profile, text)")] if dropped else []
    try:
        with _bombs_refused_quietly(), Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.format not in FORMATS:
                return None, [_unreadable(label, f"a {image.format} image under a {PurePosixPath(label).suffix} name")]
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                return None, [_too_large(label, width, height)]
            if getattr(image, "is_animated", False):
                return None, [warning(label, None, "is animated: it is published as it is, in one size, with its metadata; "
                                                   "save it as a video or a still image to have it resized")]
            orientation = _exif(image, data).get(0x0112, 1)
    except Image.DecompressionBombError:
        return None, [error(label, None, f"is larger than {MAX_PIXELS // 1_000_000} megapixels (a decompression bomb, or a "
                                         "scan at full resolution); resize it before publishing")]
    except UnidentifiedImageError:
        return None, [_unreadable(label, "its bytes are not of any image format")]
    except (OSError, ValueError, SyntaxError) as exc:
        if image is not None and image.format in FORMATS:  # a JPEG, PNG or WebP cut short past its header (a truncated PNG's EXIF)
            return None, [_undecodable(label, exc)]
        return None, [_unreadable(label, str(exc))]  # a damaged header
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown the other way round
        width, height = height, width
    return ImageInfo(width, height, image.format), said


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _exif(image, data: bytes):
    """The image's EXIF, read without its pixels. Pillow decodes a whole PNG
    to look for an eXIf or text chunk after the pixels (the image stage then
    decoded it again): when the chunks say none follows, what Pillow read as
    it opened the file is all there is."""
    from PIL import Image  # noqa: PLC0415

    if image.format == "PNG" and _png_pixels_come_last(data):
        return Image.Image.getexif(image)  # (PngImageFile's own loads the pixels first)
    return image.getexif()


def _png_chunks(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """Each whole chunk of a PNG, as (start, end, name), up to where it is cut short."""
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        end = pos + 12 + int.from_bytes(data[pos:pos + 4], "big")
        if end > len(data):
            return
        yield pos, end, data[pos + 4:pos + 8]
        pos = end


def _png_pixels_come_last(data: bytes) -> bool:
    """Whether nothing but image data follows a PNG's first IDAT, up to its
    IEND. A file cut short is not: Pillow's decoding then says so, as before."""
    names = [name for _, _, name in _png_chunks(data)]
    if b"IDAT" not in names or names[-1] != b"IEND":
        return False
    return set(names[names.index(b"IDAT"):-1]) == {b"IDAT"}


def _png_without_damaged_chunks(data: bytes) -> tuple[bytes, list[str]]:
    """A PNG without its ancillary chunks whose checksum is wrong, and their
    names: libpng, and so browsers, drop such a chunk as a benign error and
    show the image, where Pillow refuses the file unless told to load
    truncated images, which would let truncated ones through as well. A
    critical chunk (IHDR, IDAT…) is left for Pillow to check; anything but a
    PNG, and a PNG with nothing to drop, is returned as it is."""
    if not data.startswith(PNG_SIGNATURE):
        return data, []
    damaged: list[tuple[int, int, str]] = []  # (start, end, name): only these are cut out, the rest never copied
    for pos, end, name in _png_chunks(data):  # (one cut short is left to Pillow, which says so)
        ancillary = name[:1].isalpha() and name[0] & 0x20  # the first letter lower case (PNG spec 5.4)
        if ancillary and zlib.crc32(data[pos + 4:end - 4]) != int.from_bytes(data[end - 4:end], "big"):
            damaged.append((pos, end, name.decode("latin-1")))
    if not damaged:
        return data, []
    starts = [0, *(end for _, end, _ in damaged)]
    ends = [start for start, _, _ in damaged] + [len(data)]
    return b"".join(data[a:b] for a, b in zip(starts, ends)), [name for _, _, name in damaged]


@contextmanager
def _bombs_refused_quietly() -> Iterator[None]:
    """Pillow warns on stderr of an image up to twice its limit: newsgen
    checks the size itself and says so in the build's own words."""
    from PIL import Image  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def _unreadable(label: str, why: str) -> Diagnostic:
    """A warning, not an error: migrated archives hold files misnamed or
    damaged long ago, and a reader's browser may still show them."""
    return warning(label, None, f"is not an image newsgen can read ({why}): it is published as it is, in one size; "
                                "export it again as JPEG, PNG or WebP to have it resized")


def _undecodable(label: str, exc: Exception) -> Diagnostic:
    """An error: a JPEG, PNG or WebP whose data cannot be decoded (truncated) would be published broken."""
    return error(label, None, f"could not be processed ({type(exc).__name__}: {exc}); open it in an image editor and export it again")


def _too_large(label: str, width: int, height: int) -> Diagnostic:
    return error(label, None, f"is {width}×{height} pixels, more than newsgen processes ({MAX_PIXELS // 1_000_000} megapixels, "
                              f"{MAX_SIDE} pixels a side); resize it before publishing")


# -- planning --


@dataclass(frozen=True)
class Variant:
    path: str  # under output/
    width: int
    height: int
    format: str
    focus: tuple[float, float] | None = None  # a crop to width:height around this point (fractions across, down)


# The crops of a story's lead image: its social card (OpenGraph's 1.91:1)
# and the three shapes Google asks structured data for, each 1,200 px wide
# where the image allows (never upscaled).
CROPS = {"card": (1200, 630), "16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}


def crops(rel: str, info: ImageInfo, focus: tuple[float, float]) -> dict[str, Variant]:
    """The crops (by CROPS name) of the lead image at output path `rel`."""
    format = "PNG" if info.format == "PNG" else "JPEG"  # a WebP card is not shown everywhere
    found = {}
    for name, (width, height) in CROPS.items():
        scale = min(1.0, info.width / width, info.height / height)
        found[name] = Variant(_derived(rel, name, "png" if format == "PNG" else "jpg"), max(1, round(width * scale)),
                              max(1, round(height * scale)), format, focus)
    return found


def _derived(rel: str, tail: str, extension: str) -> str:
    """The name of a file made from the image at `rel`: "photo-480w.jpg";
    in another format, with the image's own extension kept before the new
    one ("photo-480w.jpg.webp", as web servers' WebP conventions name it), so
    that photo.jpg and photo.png side by side never make the same file."""
    stem, suffix = os.path.splitext(rel)
    return f"{stem}-{tail}{suffix}" if suffix.lower() == f".{extension}" else f"{stem}-{tail}{suffix}.{extension}"


def variants(rel: str, info: ImageInfo, settings: ImageSettings) -> tuple[Variant, ...]:
    """The files published for the image at output path `rel`, narrowest
    first; the widest in the original format keeps the image's own name, so
    that a link written to the file still works."""
    widest = min(info.width, max(settings.widths))
    widths = sorted({w for w in settings.widths if w < widest} | {widest})
    suffix = os.path.splitext(rel)[1]
    formats = [info.format] + (["WEBP"] if settings.webp and info.format != "WEBP" else [])
    found = []
    for format in formats:
        for width in widths:
            own = format == info.format and width == widest
            path = rel if own else _derived(rel, f"{width}w", suffix.lower().lstrip(".") if format == info.format else "webp")
            found.append(Variant(path, width, max(1, round(info.height * width / info.width)), format))
    return tuple(found)


# The height, in CSS px, the theme's masthead shows a logo at, at most: a
# raster logo is made 1x, 2x and 3x that high for the screens' densities.
LOGO_HEIGHT = 56
LOGO_DENSITIES = (1, 2, 3)


def logo_variants(rel: str, info: ImageInfo) -> tuple[Variant, ...]:
    """The masthead's sizes of the raster logo at output path `rel`, none
    taller than the logo itself (which is published too, under its name)."""
    stem, suffix = os.path.splitext(rel)
    found = []
    for density in LOGO_DENSITIES:
        height = LOGO_HEIGHT * density
        if height < info.height:
            width = max(1, round(info.width * height / info.height))
            found.append(Variant(f"{stem}-{width}x{height}{suffix}", width, height, info.format))
    return tuple(found)


@dataclass(frozen=True)
class LogoMarkup:
    """A raster logo's `<img>`: its size at 1x, and a file for each density."""

    src: str
    srcset: str
    width: int
    height: int


def logo_markup(rel: str, info: ImageInfo, link: Callable[[str], str]) -> LogoMarkup:
    shown = min(LOGO_HEIGHT, info.height)
    candidates = [(v.height, v.path) for v in logo_variants(rel, info)]
    if info.height <= LOGO_HEIGHT * max(LOGO_DENSITIES):  # the logo itself is the sharpest there is
        candidates.append((info.height, rel))
    srcset = ", ".join(f"{link('/' + path)} {height / shown:.3g}x" for height, path in candidates)
    return LogoMarkup(src=link("/" + candidates[0][1]), srcset=srcset,
                      width=max(1, round(info.width * shown / info.height)), height=shown)


@dataclass(frozen=True)
class PlannedImage:
    """A raster image the site publishes, and the files made of it."""

    rel: str  # its own output path
    source: Path
    label: str  # as messages name the file
    variants: tuple[Variant, ...]


def plan_images(copies: Iterable[tuple[str, Path]], infos: Mapping[str, ImageInfo], settings: ImageSettings,
                labels: Mapping[str, str], leads: Mapping[str, tuple[float, float]], logo: str) -> tuple[PlannedImage, ...]:
    """Every copied file that is a processed image, with its variants (and
    crops, for a story's lead image; the masthead's sizes, for the logo).
    By output path: `infos`, `labels`, `leads` (lead image → its focal
    point) and `logo`."""
    planned = []
    for rel, path in copies:
        if rel in infos:
            made = variants(rel, infos[rel], settings)
            if rel in leads:
                made += tuple(crops(rel, infos[rel], leads[rel]).values())
            if rel == logo:
                made += logo_variants(rel, infos[rel])
            planned.append(PlannedImage(rel, path, labels[rel], made))
    return tuple(planned)


@dataclass(frozen=True)
class ImageJob:
    """One source image and the variants to make of it."""

    source: Path
    label: str  # as messages name the file
    digest: str  # of the source's bytes
    variants: tuple[Variant, ...]
    quality: int

    @cached_property
    def shaping(self) -> str:
        """What shapes every variant of the job."""
        return "\0".join((PIPELINE, _pillow_version(), self.digest, str(self.quality)))

    @cached_property
    def fingerprint(self) -> str:
        """Everything that shapes the job's files, all of them: what their
        output records hold. One string for them all (a rebuild checks one
        per image, and the build state stores it once), while the cache of
        processed variants is keyed by each variant's own `fingerprint()`."""
        made = (f"{v.path}\0{v.format}\0{v.width}\0{v.height}\0{v.focus}" for v in self.variants)
        return hashlib.sha256("\0".join((self.shaping, *made)).encode()).hexdigest()


@cache
def _pillow_version() -> str:
    from PIL import __version__  # noqa: PLC0415

    return __version__


def fingerprint(job: ImageJob, variant: Variant) -> str:
    """Everything that shapes one variant's bytes."""
    key = "\0".join((job.shaping, variant.format, str(variant.width), str(variant.height), repr(variant.focus)))
    return hashlib.sha256(key.encode()).hexdigest()


def markup(rel: str, info: ImageInfo, settings: ImageSettings, link: Callable[[str], str]) -> ImageMarkup:
    """srcset and dimensions of the image at output path `rel`, with links made by `link` from site paths."""
    found = variants(rel, info, settings)
    own = [v for v in found if v.format == info.format]
    webp = [v for v in found if v.format != info.format]
    # For a browser without srcset: a width that reads well on most screens.
    fallback = next((v for v in own if v.width >= 800), own[-1])
    widest = own[-1]
    return ImageMarkup(
        src=link("/" + fallback.path),
        width=widest.width,
        height=widest.height,
        srcset=_srcset(own, link),
        webp_srcset=_srcset(webp, link),
    )


def _srcset(found: Iterable[Variant], link: Callable[[str], str]) -> str:
    return ", ".join(f"{link('/' + v.path)} {v.width}w" for v in found)


# -- processing, in whatever process runs it --


@dataclass(frozen=True)
class ImageBatch:
    jobs: tuple[ImageJob, ...]
    output_dir: str
    target_dir: str
    store: str | None  # the cache folder of processed variants


@dataclass(frozen=True)
class ImageOutcome:
    path: str
    fingerprint: str
    size: int = 0
    changed: bool = False
    problem: Diagnostic | None = None


def process_batch(batch: ImageBatch) -> list[ImageOutcome]:
    """Make each job's variants (from the store when it has them) and place
    them in the target folder."""
    output_dir, target_dir = Path(batch.output_dir), Path(batch.target_dir)
    store = Path(batch.store) if batch.store else None
    folders: set[Path] = set()
    outcomes: list[ImageOutcome] = []
    for job in batch.jobs:
        keys = [fingerprint(job, v) for v in job.variants]
        stored = [_load(store, key) if store else None for key in keys]
        if any(data is None for data in stored):
            try:
                made = _process(job)
            except Exception as exc:  # a damaged or truncated file: one clear error, not a traceback
                outcomes.append(ImageOutcome(job.label, "", problem=_undecodable(job.label, exc)))
                continue
            for key, variant, data in zip(keys, job.variants, stored):
                if data is None and store:
                    _save(store, key, made[variant])
            stored = [made[v] for v in job.variants]
        for variant, data in zip(job.variants, stored):
            changed = place(OutputFile(variant.path, data=bytes(data)), output_dir, target_dir, folders)
            outcomes.append(ImageOutcome(variant.path, job.fingerprint, len(data), changed))
    return outcomes


def _process(job: ImageJob) -> dict[Variant, bytes]:
    """Every variant of the job's image: read once, decoded no larger than
    the widest variant needs, turned upright, in sRGB, without metadata."""
    from PIL import Image, ImageOps  # noqa: PLC0415

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with open(job.source, "rb") as file:
        is_png = file.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    # A PNG read without its damaged ancillary chunks (the probe warned of them); anything else from its file, as it streams.
    opened = io.BytesIO(_png_without_damaged_chunks(job.source.read_bytes())[0]) if is_png else job.source
    with _bombs_refused_quietly(), Image.open(opened) as image:
        if image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers every variant.
            quarter_turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            upright_size = image.size[::-1] if quarter_turned else image.size
            scale = max(_scale_needed(v, upright_size) for v in job.variants)
            size = (math.ceil(image.width * scale), math.ceil(image.height * scale))
            image.draft("RGB" if image.mode != "CMYK" else "CMYK", size)
        image.load()
        upright = _srgb(ImageOps.exif_transpose(image))
    # Each size is resized once, for all its formats, from the smallest
    # image already made that covers it: after the first step every resize
    # reads a fraction of the photo's pixels.
    scaled = {upright.size: upright}
    made: dict[Variant, bytes] = {}
    for variant in sorted(job.variants, key=lambda v: (v.focus is not None, -v.width)):
        if variant.focus is None:
            size = (variant.width, variant.height)
            if size not in scaled:
                scaled[size] = _resized(_smallest_covering(scaled, lambda s: s[0] >= size[0]), size)
            made[variant] = _encode(scaled[size], variant.format, job.quality)
        else:
            base = _smallest_covering(scaled, lambda s: _box_width(s, variant) >= variant.width)
            made[variant] = _encode(_resized(_cropped(base, variant), (variant.width, variant.height)), variant.format, job.quality)
    return made


def _smallest_covering(scaled: dict, covers: Callable[[tuple[int, int]], bool]):
    return scaled[min((size for size in scaled if covers(size)), key=lambda s: s[0])]


def _resized(image, size: tuple[int, int]):
    from PIL import Image  # noqa: PLC0415

    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _crop_box(size: tuple[int, int], variant: Variant) -> tuple[int, int, int, int]:
    """The largest box of the variant's shape in an image of `size`, as
    near its focal point's centre as the edges allow."""
    width, height = size
    aspect = variant.width / variant.height
    box_w, box_h = (round(height * aspect), height) if width / height > aspect else (width, round(width / aspect))
    box_w, box_h = max(1, min(box_w, width)), max(1, min(box_h, height))
    fx, fy = variant.focus or (0.5, 0.5)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _box_width(size: tuple[int, int], variant: Variant) -> int:
    left, _, right, _ = _crop_box(size, variant)
    return right - left


def _cropped(image, variant: Variant):
    return image.crop(_crop_box(image.size, variant))


def _scale_needed(variant: Variant, size: tuple[int, int]) -> float:
    """How much of the upright image's full resolution the variant needs."""
    return variant.width / (size[0] if variant.focus is None else _box_width(size, variant))


def _srgb(image):
    """The image in 8-bit RGB(A) or greyscale sRGB, converted through its
    colour profile when it has one, which is then dropped with the rest."""
    converted = _in_srgb(image)
    # Pillow's PNG encoder writes the profile an image holds: the source's, or
    # the sRGB one LittleCMS made, whose header has the second it was made
    # (every build's PNGs then differed). Pixels without one are sRGB.
    converted.info.pop("icc_profile", None)
    return converted


def _in_srgb(image):
    from PIL import ImageCms  # noqa: PLC0415

    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "P":
        image = image.convert("RGBA" if alpha else "RGB")
    elif image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")  # 16-bit greyscale to 8
    icc = image.info.get("icc_profile")
    target = "RGBA" if alpha else ("L" if image.mode == "L" else "RGB")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            rgb = image.convert("RGB") if image.mode == "RGBA" else image
            converted = ImageCms.profileToProfile(rgb, source_profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if alpha:
                converted.putalpha(image.getchannel("A"))
            return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    return image if image.mode == target else image.convert(target)


def _encode(image, format: str, quality: int) -> bytes:
    """No EXIF, XMP, ICC or comment is written: Pillow writes only what it is given."""
    out = io.BytesIO()
    if format == "JPEG":
        image.convert("RGB" if image.mode != "L" else "L").save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif format == "PNG":
        # zlib's default level (libpng's, Pillow's, Hugo's): level 9 took five
        # times as long for files 3% smaller, three quarters of the build of an
        # archive of screenshots, and browsers offered WebP never fetch them.
        image.save(out, "PNG", optimize=False, compress_level=6)
    else:
        image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()


_HEADER = b"newsgen-image\n"


def _load(store: Path, key: str) -> memoryview | None:
    found = read_checked(store / key[:2] / key, _HEADER + key.encode() + b"\n")
    return found[0] if found else None


def _save(store: Path, key: str, data: bytes) -> None:
    # The key inside too: an entry copied under another's name is never trusted.
    try:
        write_checked(store / key[:2] / key, data, _HEADER + key.encode() + b"\n")
    except OSError:
        pass  # a cache is only a speed-up
