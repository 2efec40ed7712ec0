"""The image stage (generator/images.py): every raster image a page shows is
published in the widths a reader's screen needs, upright, without metadata,
with markup that lets the browser choose; cached and never upscaled."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from generator import images
from generator.build import SiteBuilder, build_site
from generator.cache import DB_FILE
from generator.errors import BuildFailed

from .conftest import DEFAULT_CONFIG, NOW, elements, output_contents, story
from generator.content.model import BuildMode

A = "content/world/a.md"
CROPS = ["card", "16x9", "4x3", "1x1"]
A_PAGE = "world/2022/12/09/a/index.html"  # named by its file
GPS = 0x8825


def photo(width: int, height: int, *, orientation: int = 1, gps: bool = True, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A photo as a phone writes it: EXIF with a GPS position and an
    orientation; its top-left quarter red, the rest blue."""
    image = Image.new(mode, (width, height), (0, 0, 255) if mode == "RGB" else (0, 0, 255, 255))
    image.paste((255, 0, 0) if mode == "RGB" else (255, 0, 0, 255), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[GPS] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def srcset_widths(value: str) -> list[tuple[str, int]]:
    return [(url, int(w[:-1])) for url, w in (candidate.split() for candidate in value.split(", "))]


def make_builder(site, workers: int = 1) -> SiteBuilder:
    return SiteBuilder(site.config(), cache_dir=site.root / ".newsgen-cache", workers=workers)


def build(builder: SiteBuilder):
    return builder.build(BuildMode(now=NOW))


@pytest.fixture
def photo_site(site):
    return site({
        A: story(image="photo.jpg", image_alt="A test pattern", body="Text.\n\n![A chart](chart.png \"Sales rose | Credit: Graphics desk\")\n"),
        "content/world/photo.jpg": photo(3000, 2000, orientation=6),
        "content/world/chart.png": photo(900, 600, fmt="PNG", gps=False),
    })


def test_variants_are_made_in_each_width_never_wider_than_the_source(photo_site):
    build(make_builder(photo_site))
    page = photo_site.read(A_PAGE)
    lead = [img for img in elements(page, "img") if img.attrs.get("alt") == "A test pattern"]
    assert lead, page
    img = lead[0]
    # Turned upright: 2000 wide, 3000 high; the default widths up to 2400, none wider than 2000.
    assert (img.attrs["width"], img.attrs["height"]) == ("2000", "3000")
    candidates = srcset_widths(img.attrs["srcset"])
    assert [w for _, w in candidates] == [480, 800, 1200, 1600, 2000]
    folder = photo_site.path(A_PAGE).parent
    for url, width in candidates:
        with Image.open((folder / url).resolve()) as found:
            assert found.width == width and found.format == "JPEG"
    webp = [s for s in elements(page, "source") if s.attrs.get("type") == "image/webp"]
    assert webp
    for url, width in srcset_widths(webp[0].attrs["srcset"]):
        with Image.open((folder / url).resolve()) as found:
            assert found.width == width and found.format == "WEBP"
    # The chart is 900 wide: 480, 800 and itself.
    chart = [i for i in elements(page, "img") if i.attrs.get("alt") == "A chart"][0]
    assert [w for _, w in srcset_widths(chart.attrs["srcset"])] == [480, 800, 900]
    assert not photo_site.exists("world/chart-1200w.png")


def test_the_lead_image_loads_first_and_the_others_lazily(photo_site):
    build(make_builder(photo_site))
    page = photo_site.read(A_PAGE)
    lead = [i for i in elements(page, "img") if i.attrs.get("alt") == "A test pattern"][0]
    assert lead.attrs.get("fetchpriority") == "high" and "loading" not in lead.attrs
    chart = [i for i in elements(page, "img") if i.attrs.get("alt") == "A chart"][0]
    assert chart.attrs.get("loading") == "lazy" and chart.attrs.get("decoding") == "async"
    for img in elements(page, "img"):
        if "srcset" in img.attrs:
            assert img.attrs.get("sizes") and img.attrs.get("width") and img.attrs.get("height") and "alt" in img.attrs


def test_an_image_with_a_title_is_a_figure_with_caption_and_credit(photo_site):
    build(make_builder(photo_site))
    page = photo_site.read(A_PAGE)
    figure = re.search(r"<figure><picture>.*?</figure>", page, re.S)
    assert figure, page
    assert '<figcaption><span class="caption">Sales rose</span> <span class="credit">Credit: Graphics desk</span></figcaption>' in figure.group(0)
    assert "title=" not in figure.group(0)


def test_exif_orientation_is_applied_and_no_metadata_survives(photo_site):
    build(make_builder(photo_site))
    made = [rel for rel in photo_site.files() if rel.startswith("world/") and rel.endswith((".jpg", ".png", ".webp"))]
    assert len(made) >= 10
    for rel in made:
        data = photo_site.path(rel).read_bytes()
        with Image.open(io.BytesIO(data)) as found:
            assert not found.getexif(), rel
            assert "exif" not in found.info and "xmp" not in found.info, rel
        assert b"PhoneMaker" not in data and b"Exif\x00" not in data, rel
    # Stored lying on its side (orientation 6: turn a quarter clockwise to show):
    # its red top-left corner is shown top right.
    with Image.open(photo_site.path("world/photo-480w.jpg")) as upright:
        assert upright.size == (480, 720)
        red = upright.convert("RGB").getpixel((upright.width * 3 // 4, upright.height // 4))
        blue = upright.convert("RGB").getpixel((upright.width // 4, upright.height // 4))
        assert red[0] > 200 and red[2] < 60, red
        assert blue[2] > 200 and blue[0] < 60, blue


def test_cold_warm_and_parallel_builds_give_the_same_bytes(photo_site, site):
    build(make_builder(photo_site))
    cold = output_contents(photo_site.output)
    (photo_site.root / ".newsgen-cache" / DB_FILE).unlink()
    import shutil
    shutil.rmtree(photo_site.output)
    build(make_builder(photo_site))  # from the image cache
    assert output_contents(photo_site.output) == cold
    shutil.rmtree(photo_site.output)
    shutil.rmtree(photo_site.root / ".newsgen-cache")
    pool = make_builder(photo_site, workers=2)
    pool._executor = lambda jobs, threshold=0, files_at_hand=False: (__import__("concurrent.futures").futures.ProcessPoolExecutor(2), True)
    build(pool)
    assert output_contents(photo_site.output) == cold


def test_a_story_edit_processes_no_image_and_a_replaced_image_only_itself(photo_site, monkeypatch):
    builder = make_builder(photo_site)
    build(builder)
    processed = []
    real = images._process
    monkeypatch.setattr(images, "_process", lambda job: processed.append(job.label) or real(job))
    photo_site.write(A, story(image="photo.jpg", image_alt="A test pattern", body="Edited.\n\n![A chart](chart.png \"Sales rose\")\n"))
    build(builder)
    build(make_builder(photo_site))  # a new process's builder: the state from the cache
    assert processed == []
    photo_site.write("content/world/chart.png", photo(700, 500, fmt="PNG", gps=False))
    result = build(make_builder(photo_site))
    assert processed == ["content/world/chart.png"]
    page = photo_site.read(A_PAGE)
    chart = [i for i in elements(page, "img") if i.attrs.get("alt") == "A chart"][0]
    assert (chart.attrs["width"], chart.attrs["height"]) == ("700", "500")
    assert not photo_site.exists("world/chart-800w.png"), "a variant of the old image outlived it"
    assert "world/chart-480w.png" in result.write.changed


def test_removing_an_image_removes_its_variants(photo_site):
    build(make_builder(photo_site))
    photo_site.write(A, story(body="No pictures now.\n"))
    photo_site.remove("content/world/photo.jpg")
    build(make_builder(photo_site))
    assert not [rel for rel in photo_site.files() if "photo" in rel]


def test_a_small_source_is_published_once_at_its_own_size(site):
    s = site({A: story(body="![Tiny](tiny.jpg)\n"), "content/world/tiny.jpg": photo(300, 200)})
    build(make_builder(s))
    assert [rel for rel in s.files() if "tiny" in rel] == ["world/tiny-300w.jpg.webp", "world/tiny.jpg"]
    with Image.open(s.path("world/tiny.jpg")) as found:
        assert found.size == (300, 200)


def test_widths_come_from_site_toml(site):
    s = site({A: story(body="![P](p.jpg)\n"), "content/world/p.jpg": photo(1000, 500)},
             config='title = "T"\nbase_url = "https://example.org/news/"\n[images]\nwidths = [300, 600]\nwebp = false\n')
    build(make_builder(s))
    assert sorted(rel for rel in s.files() if rel.startswith("world/p")) == ["world/p-300w.jpg", "world/p.jpg"]
    with Image.open(s.path("world/p.jpg")) as found:
        assert found.size == (600, 300)


# ---- awkward and bad images ----------------------------------------------------


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("name, data, mode", [
    ("cmyk.jpg", encoded(Image.new("CMYK", (600, 400), (0, 255, 255, 0)), "JPEG"), "RGB"),
    ("deep.png", encoded(Image.new("I;16", (600, 400), 40000), "PNG"), "L"),
    ("palette.png", encoded(Image.new("P", (600, 400), 1), "PNG", transparency=0), "RGBA"),
])
def test_awkward_colour_modes_are_published_as_browsers_show_them(site, name, data, mode):
    s = site({A: story(image=name, image_alt="X"), f"content/world/{name}": data})
    build(make_builder(s))
    stem, suffix = name.rsplit(".", 1)
    with Image.open(s.path(f"world/{stem}-480w.{suffix}")) as found:
        assert found.mode == mode and found.width == 480


def test_an_animated_gif_and_an_svg_pass_through_untouched(site):
    frames = [Image.new("P", (40, 30), i) for i in range(3)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n'
    s = site({A: story(image="anim.gif", image_alt="A", body="![m](map.svg)\n"), "content/world/anim.gif": gif, "content/world/map.svg": svg})
    build(make_builder(s))
    assert s.path("world/anim.gif").read_bytes() == gif and s.path("world/map.svg").read_bytes() == svg
    assert not [rel for rel in s.files() if rel.endswith(".webp")]


def test_an_animated_webp_is_published_as_it_is_with_a_warning(site):
    frames = [Image.new("RGB", (40, 30), (i * 80, 0, 0)) for i in range(3)]
    webp = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])
    s = site({A: story(image="anim.webp", image_alt="A"), "content/world/anim.webp": webp})
    result = build(make_builder(s))
    assert s.path("world/anim.webp").read_bytes() == webp
    assert [w.path for w in result.warnings if "animated" in w.message] == ["content/world/anim.webp"]


def test_a_decompression_bomb_is_refused_by_name(site, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    s = site({A: story(image="big.png", image_alt="B"), "content/world/big.png": encoded(Image.new("L", (1200, 1000)), "PNG")})
    failure = s.build_fails()
    assert [(d.path, "megapixels" in d.message) for d in failure.diagnostics] == [("content/world/big.png", True)]


@pytest.mark.parametrize("name", ["cut.jpg", "cut.png"])
def test_a_truncated_photo_is_an_error_naming_it_and_keep_going_publishes_the_rest(site, name):
    """A PNG cut short past its header failed as the probe read its EXIF:
    it was "not an image newsgen can read", a warning, and published broken."""
    whole = photo(1600, 1200) if name.endswith(".jpg") else encoded(Image.new("RGB", (2000, 1000)), "PNG")
    s = site({
        A: story(image=name, image_alt="C"),
        "content/world/b.md": story("Other story", body="Fine.\n"),
        f"content/world/{name}": whole[: len(whole) // 3 if name.endswith(".jpg") else len(whole) // 2],
    })
    with pytest.raises(BuildFailed) as caught:
        build(make_builder(s))
    assert [d.path for d in caught.value.diagnostics] == [f"content/world/{name}"]
    assert "could not be processed" in caught.value.diagnostics[0].message
    assert not s.output.exists()
    result = make_builder(s).build(BuildMode(now=NOW), keep_going=True)
    assert f"content/world/{name}" in {d.path for d in result.skipped}
    assert s.exists("world/2022/12/09/b/index.html") and not s.exists(A_PAGE)



def test_a_png_with_a_damaged_ancillary_chunk_is_resized_as_browsers_show_it(site):
    """openSUSE's oak.png: an iCCP chunk whose checksum is wrong, which libpng
    (browsers) drops as a benign error. Pillow refused the file, and the build
    called it "not of any image format" and published it full-size."""
    from PIL import ImageCms

    whole = encoded(Image.new("RGB", (1000, 500), (0, 0, 255)), "PNG",
                    icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    start = whole.index(b"iCCP") - 4
    end = start + 12 + int.from_bytes(whole[start:start + 4], "big")
    damaged = whole[:end - 4] + bytes(b ^ 0xFF for b in whole[end - 4:end]) + whole[end:]
    s = site({A: story(image="oak.png", image_alt="Oak"), "content/world/oak.png": damaged})
    result = build(make_builder(s))
    assert [w.path for w in result.warnings if "damaged iCCP chunk" in w.message] == ["content/world/oak.png"]
    assert not [w for w in result.warnings if "not an image" in w.message], result.warnings
    assert s.exists("world/oak-480w.png")
    assert elements(s.read(A_PAGE), "img", alt="Oak")[0].attrs["width"] == "1000"

def test_a_file_that_is_no_image_is_a_warning_and_copied(site):
    s = site({A: story(image="fake.jpg", image_alt="F"), "content/world/fake.jpg": b"not a photo at all"})
    result = build(make_builder(s))
    assert [w.path for w in result.warnings if "is not an image newsgen can read" in w.message] == ["content/world/fake.jpg"]
    assert s.path("world/fake.jpg").read_bytes() == b"not a photo at all"


def test_images_in_static_are_processed_too(site):
    s = site({A: story(body="![Logo](/static/banner.png)\n"), "static/banner.png": photo(1000, 200, fmt="PNG", gps=False)})
    build(make_builder(s))
    assert s.exists("static/banner-480w.png") and s.exists("static/banner-480w.png.webp")
    img = elements(s.read(A_PAGE), "img", alt="Logo")[0]
    assert img.attrs["width"] == "1000"


# ---- social cards and structured data ------------------------------------------


def test_a_lead_image_gets_a_1200_by_630_card_and_three_shapes_for_search(photo_site):
    build(make_builder(photo_site))
    page = photo_site.read(A_PAGE)
    og = {m.attrs["property"]: m.attrs["content"] for m in elements(page, "meta") if m.attrs.get("property", "").startswith("og:image")}
    assert og["og:image"] == "https://example.org/news/world/photo-card.jpg"
    assert (og["og:image:width"], og["og:image:height"], og["og:image:type"]) == ("1200", "630", "image/jpeg")
    assert og["og:image:alt"] == "A test pattern"
    with Image.open(photo_site.path("world/photo-card.jpg")) as card:
        assert card.size == (1200, 630) and card.format == "JPEG"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    shapes = [(i["width"], i["height"]) for i in data["image"]]
    assert shapes == [(1200, 675), (1200, 900), (1200, 1200)]
    for item in data["image"]:
        rel = item["url"].removeprefix("https://example.org/news/")
        with Image.open(photo_site.path(rel)) as found:
            assert found.size == (item["width"], item["height"])


PUBLISHER_CONFIG = DEFAULT_CONFIG + """
[publisher]
name = "The Test Gazette"
logo = "/static/logo.png"
image = "/static/default.jpg"
"""


def og_image(page: str) -> dict[str, str]:
    return {m.attrs["property"]: m.attrs["content"] for m in elements(page, "meta") if m.attrs.get("property", "").startswith("og:image")}


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_pages_and_stories_without_an_image_share_the_publisher_image_and_logo_size(site):
    s = site({A: story(), "static/default.jpg": photo(2000, 1500), "static/logo.png": photo(300, 300, fmt="PNG", gps=False)},
             config=PUBLISHER_CONFIG)
    build(make_builder(s))
    for page in (s.read(A_PAGE), s.read("index.html")):
        og = og_image(page)
        assert og["og:image"] == "https://example.org/news/static/default-card.jpg"
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    article = json_ld(s.read(A_PAGE))
    assert [(i["url"].rsplit("/", 1)[1], i["width"]) for i in article["image"]] == [
        ("default-16x9.jpg", 1200), ("default-4x3.jpg", 1200), ("default-1x1.jpg", 1200)]
    assert article["publisher"]["logo"] == {"@type": "ImageObject", "url": "https://example.org/news/static/logo.png",
                                            "width": 300, "height": 300}
    # The story's own page shows no picture it does not have.
    assert "default" not in "".join(str(e.attrs) for e in elements(s.read(A_PAGE), "img"))
    # A replaced logo of another size renders every page again with the new size.
    s.write("static/logo.png", photo(400, 200, fmt="PNG", gps=False))
    build(make_builder(s))
    assert json_ld(s.read(A_PAGE))["publisher"]["logo"]["width"] == 400


def test_the_masthead_shows_a_raster_logo_at_the_size_of_each_screen_density(site):
    s = site({A: story(), "static/default.jpg": photo(2000, 1500), "static/logo.png": photo(600, 300, fmt="PNG", gps=False)},
             config=PUBLISHER_CONFIG)
    build(make_builder(s))
    logo = next(e for e in elements(s.read(A_PAGE), "img") if "brand-logo" in e.attrs.get("class", ""))
    # 56 CSS px high (the masthead's most), in the logo's own shape; 1x, 2x, 3x files, not the 600 px one.
    assert (logo.attrs["width"], logo.attrs["height"]) == ("112", "56")
    candidates = [c.split() for c in logo.attrs["srcset"].split(", ")]
    assert [density for _, density in candidates] == ["1x", "2x", "3x"]
    for (url, density), height in zip(candidates, (56, 112, 168)):
        with Image.open(s.path("world/2022/12/09/a/" + url)) as made:
            assert made.size == (2 * height, height) and made.format == "PNG"
    assert logo.attrs["src"] == candidates[0][0]
    # A logo smaller than 3x is itself the sharpest candidate, never enlarged.
    s.write("static/logo.png", photo(100, 100, fmt="PNG", gps=False))
    build(make_builder(s))
    logo = next(e for e in elements(s.read(A_PAGE), "img") if "brand-logo" in e.attrs.get("class", ""))
    assert logo.attrs["srcset"] == "../../../../../static/logo-56x56.png 1x, ../../../../../static/logo.png 1.79x"


def test_a_publisher_image_that_names_no_file_is_an_error_naming_site_toml(site):
    s = site({A: story()}, config=PUBLISHER_CONFIG)
    failure = s.build_fails()
    assert sorted(d.path for d in failure.diagnostics) == ["site.toml", "site.toml"]
    assert any("publisher.image" in d.message and "/static/default.jpg" in d.message for d in failure.diagnostics)


def test_a_lead_image_narrower_than_1200_px_is_used_with_a_warning_that_strict_makes_an_error(site):
    s = site({A: story(image="small.jpg", image_alt="S"), "content/world/small.jpg": photo(900, 600)})
    result = s.build()
    assert [(w.path, w.line) for w in result.warnings if "900 px wide" in w.message] == [(A, 4)]
    assert og_image(s.read(A_PAGE))["og:image:width"] == "900"  # never upscaled
    with pytest.raises(BuildFailed) as failure:
        build_site(s.config(), BuildMode(now=NOW), strict=True)
    assert any("900 px wide" in d.message for d in failure.value.diagnostics)


def test_feed_items_carry_the_lead_image_with_its_size_caption_and_credit(site):
    import xml.etree.ElementTree as ET  # noqa: PLC0415

    s = site({A: story(image="photo.jpg", image_alt="A test pattern", image_caption="Rain over the harbour",
                       image_credit="Jane Roe/Agency"),
              "content/world/photo.jpg": photo(3000, 2000),
              "content/world/b.md": story(title="No picture", date="2022-12-08T10:00:00")})
    build(make_builder(s))
    media = "{http://search.yahoo.com/mrss/}"
    for feed, item in (("feed.xml", "channel/item"), ("atom.xml", "{http://www.w3.org/2005/Atom}entry")):
        items = ET.fromstring(s.read(feed)).findall(item)
        assert len(items) == 2
        found = [i.find(f"{media}content") for i in items]
        assert found[1] is None  # the story without a picture has none
        content = found[0]
        assert content.attrib == {"url": "https://example.org/news/world/photo-1200w.jpg", "medium": "image",
                                  "width": "1200", "height": "800", "type": "image/jpeg"}
        assert content.find(f"{media}description").text == "Rain over the harbour"
        assert content.find(f"{media}credit").text == "Jane Roe/Agency"
        assert s.exists("world/photo-1200w.jpg")


def test_crops_keep_the_focal_point_in_view(site):
    # A wide photo, red at its right edge: a square crop around the centre
    # misses it, one around "95% 50%" keeps it.
    image = Image.new("RGB", (3000, 1000), (0, 0, 255))
    image.paste((255, 0, 0), (2800, 0, 3000, 1000))
    wide = encoded(image, "JPEG", quality=95)
    centred = site({A: story(image="wide.jpg", image_alt="W"), "content/world/wide.jpg": wide})
    focused = site({A: story(image="wide.jpg", image_alt="W", image_focus='"95% 50%"'), "content/world/wide.jpg": wide})
    build(make_builder(centred))
    build(make_builder(focused))
    with Image.open(centred.path("world/wide-1x1.jpg")) as square:
        assert square.size == (1000, 1000)  # never upscaled: the photo is 1,000 high
        assert square.getpixel((990, 500))[0] < 60
    with Image.open(focused.path("world/wide-1x1.jpg")) as square:
        assert square.getpixel((990, 500))[0] > 200


def test_a_focal_point_that_is_no_point_is_an_error_with_its_line(site):
    s = site({A: story(image="p.jpg", image_alt="P", image_focus="top left"), "content/world/p.jpg": photo(800, 600)})
    failure = s.build_fails()
    assert [(d.path, d.line) for d in failure.diagnostics] == [(A, 6)]
    assert "30% 40%" in failure.diagnostics[0].message


def test_pictures_of_one_name_in_two_formats_both_publish(site):
    """GIMP's site keeps windows_crop.jpg beside windows_crop.png: both
    wanted windows_crop-480w.webp, and the build stopped, --keep-going too.
    A file made in another format keeps its picture's own extension."""
    s = site({
        "content/world/shot.jpg": photo(1600, 900),
        "content/world/shot.png": photo(1600, 900, fmt="PNG"),
        "content/world/shot.jpeg": photo(1600, 900),
        "content/world/a.md": story(body="![A](shot.jpg)\n\n![B](shot.png)\n\n![C](shot.jpeg)\n", image="shot.png"),
    })
    s.build()
    made = {rel for rel in s.files() if rel.startswith("world/shot")}
    assert {"world/shot-480w.jpg.webp", "world/shot-480w.png.webp", "world/shot-480w.jpeg.webp",
            "world/shot-card.png", "world/shot-480w.jpg", "world/shot-480w.png"} <= made, sorted(made)



def _zlib_levels(png: bytes) -> set[int]:
    """The FLEVEL of each IDAT stream's zlib header (RFC 1950): 2 is zlib's
    default level (6), 3 its slowest (7 to 9)."""
    levels, pos = set(), 8
    while pos + 8 <= len(png):
        length, name = int.from_bytes(png[pos:pos + 4], "big"), png[pos + 4:pos + 8]
        if name == b"IDAT" and not levels:
            levels.add(png[pos + 9] >> 6)  # the first IDAT holds the header
        pos += 12 + length
    return levels


def test_png_variants_are_compressed_at_zlibs_default_level(site):
    """openSUSE's archive, 890 PNGs: every PNG variant was deflated at level 9,
    three quarters of the whole build's time, for files 3% smaller than
    zlib's default level makes (libpng's, Pillow's, Hugo's), and only browsers
    without WebP ever fetch the resized ones. The pixels are the same."""
    s = site({
        "content/world/a.md": story(body="![A chart](chart.png)\n", image="chart.png"),
        "content/world/chart.png": photo(1300, 700, fmt="PNG", gps=False),
    })
    s.build()
    made = [rel for rel in s.files() if rel.startswith("world/chart") and rel.endswith(".png")]
    assert {"world/chart.png", "world/chart-480w.png", "world/chart-card.png"} <= set(made), made
    for rel in made:
        assert _zlib_levels(s.path(rel).read_bytes()) == {2}, rel
    with Image.open(s.path("world/chart.png")) as own:
        assert own.convert("RGB").getpixel((10, 10)) == (255, 0, 0)


@pytest.fixture
def decodes(monkeypatch):
    """The format of each image whose pixels are decoded, once per decode."""
    from PIL import ImageFile

    found: list[str] = []
    real = ImageFile.ImageFile.load

    def load(self):
        if self.tile:  # pixels still to read: a decode, not a no-op
            found.append(self.format)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return found


def test_a_png_is_decoded_once_per_build(site, decodes):
    """Pillow reads a PNG's EXIF by decoding every pixel, in case an eXIf
    chunk follows them: the probe decoded each of openSUSE's 890 PNGs in
    full, in the build's own process, before the image stage decoded it again."""
    s = site({A: story(image="chart.png", image_alt="C"), "content/world/chart.png": encoded(Image.new("RGB", (1300, 700)), "PNG"),
              "content/world/shot.png": photo(900, 600, fmt="PNG", orientation=6)})  # with EXIF, before its pixels
    build(make_builder(s))
    assert decodes == ["PNG", "PNG"]


def _exif_after_pixels(png: bytes) -> bytes:
    """The PNG with its eXIf chunk moved after its image data, where the PNG spec allows it too."""
    chunks, pos = [], 8
    while pos < len(png):
        end = pos + 12 + int.from_bytes(png[pos:pos + 4], "big")
        chunks.append(png[pos:end])
        pos = end
    exif = [c for c in chunks if c[4:8] == b"eXIf"]
    rest = [c for c in chunks if c[4:8] != b"eXIf"]
    assert exif
    return png[:8] + b"".join(rest[:-1] + exif + rest[-1:])


def test_an_exif_orientation_after_a_pngs_pixels_is_honoured(site):
    s = site({A: story(image="chart.png", image_alt="C"),
              "content/world/chart.png": _exif_after_pixels(photo(1300, 700, fmt="PNG", orientation=6))})
    build(make_builder(s))
    img = [i for i in elements(s.read(A_PAGE), "img") if i.attrs.get("alt") == "C"][0]
    assert (img.attrs["width"], img.attrs["height"]) == ("700", "1300")
    with Image.open(s.path("world/chart-480w.png")) as upright:
        assert upright.size == (480, round(1300 * 480 / 700))


def test_no_colour_profile_is_written_so_a_png_is_the_same_bytes_every_build(site):
    """openSUSE's screenshots carry colour profiles: converted to sRGB, each
    PNG variant was written with LittleCMS's new sRGB profile, whose header
    holds the second it was made, so a rebuild (or an incremental build)
    wrote 229 PNGs unlike a cold build's; a grey PNG's own profile was
    published as it was. Untagged pixels are sRGB to every browser."""
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()  # a profile a grey image is not converted through
    s = site({A: story(image="shot.png", image_alt="S", body="![G](grey.png)\n"),
              "content/world/shot.png": encoded(Image.new("RGBA", (1300, 700), (0, 0, 255, 255)), "PNG", icc_profile=srgb),
              "content/world/grey.png": encoded(Image.new("L", (900, 600), 128), "PNG", icc_profile=lab)})
    build(make_builder(s))
    made = [rel for rel in s.files() if rel.startswith("world/") and rel.endswith((".png", ".webp"))]
    assert len(made) >= 16
    for rel in made:
        with Image.open(s.path(rel)) as found:
            assert "icc_profile" not in found.info, rel
    with Image.open(s.path("world/shot-480w.png")) as shot:
        assert shot.getpixel((5, 5)) == (0, 0, 255, 255)
