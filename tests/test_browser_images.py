"""What a reader's browser fetches of the sample's photos: the real
Chromium (Playwright) on a phone's and a laptop's viewport, the built
sample served over HTTP.

For every photo a page shows, the file the browser chose from `srcset`
and `sizes` must be sharp (at least as many pixels as the image covers on
screen) and no larger than the viewport needs: never a 2,400 px photo on
a 375 px phone. A `sizes` that lies either way fails here.
"""

from __future__ import annotations

import pytest

from .distribution import SAMPLE_SITE

SEED = "world/2022/12/09/deployment-on-border-with-ukraine-kremlin-sends-troops-to-joint-forces-with-belarus/index.html"
FERRY = "world/2022/12/05/ferry-service-resumes/index.html"  # a lead image and a figure in the text
PAGES = ["index.html", SEED, FERRY, "world/index.html"]
VIEWPORTS = [  # (width, height, device pixel ratio)
    (375, 812, 1),
    (375, 812, 3),  # a phone as most are: three device pixels to the CSS pixel
    (1280, 800, 1),
    (1280, 800, 2),
]

# Every photo's chosen file and its width in pixels (its srcset descriptor:
# naturalWidth is in CSS px, divided by the density the browser assumed),
# once each is loaded; lazy ones are scrolled into view first.
CHOSEN = """
async () => {
  const photos = [...document.querySelectorAll("img[srcset]")].filter(img => !img.classList.contains("brand-logo"));
  for (const img of photos) {
    img.scrollIntoView({block: "center"});
    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; });
  }
  return photos.map(img => {
    const files = {};
    const sets = [img, ...(img.parentElement.tagName === "PICTURE" ? img.parentElement.querySelectorAll("source") : [])];
    for (const element of sets) {
      for (const candidate of element.srcset.split(", ")) {
        const [url, descriptor] = candidate.trim().split(" ");
        files[new URL(url, document.baseURI).href] = parseInt(descriptor);
      }
    }
    return {src: img.currentSrc, file: files[img.currentSrc], shown: img.getBoundingClientRect().width,
            widths: Object.values(files)};
  });
}
"""


def test_the_sample_has_photos_to_choose_from():
    assert len(list((SAMPLE_SITE / "content").rglob("*.jpg"))) >= 4


@pytest.mark.parametrize("width,height,ratio", VIEWPORTS, ids=lambda v: str(v))
def test_each_photo_is_sharp_and_no_larger_than_the_screen_needs(browser, served_sample, width, height, ratio):
    problems, seen = [], 0
    for rel in PAGES:
        # A fresh browser profile for each page: Chromium would show a wider
        # file it has cached from another page rather than fetch the right one.
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=ratio)
        try:
            page = context.new_page()
            page.goto(served_sample + rel)
            for photo in page.evaluate(CHOSEN):
                seen += 1
                needed = photo["shown"] * ratio
                widths = sorted(photo["widths"])
                # The narrowest file that covers the image on this screen (or the widest there is).
                enough = next((w for w in widths if w >= needed - 1), widths[-1])
                if photo["file"] is None:
                    problems.append(f"{rel}: {photo['src']} is not one of its srcset's files")
                elif photo["file"] < min(needed - 1, widths[-1]):
                    problems.append(f"{rel}: {photo['src']} is {photo['file']} px for {needed:.0f} device px: blurred")
                elif photo["file"] > enough or photo["file"] > width * ratio * 1.5:
                    problems.append(f"{rel}: {photo['src']} is {photo['file']} px for {needed:.0f} device px "
                                    f"on a {width} px screen: {enough} px would do")
        finally:
            context.close()
    assert seen >= 5, "the sample's pages show fewer photos than expected"
    assert problems == [], "\n".join(problems)
