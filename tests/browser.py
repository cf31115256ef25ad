"""Headless Debian Chromium driven by Selenium through Debian's chromedriver, for the portal's
browser tests and screenshots. Works as root (no sandbox), never downloads anything (with an
explicit driver path Selenium Manager is never run), a fresh profile per browser."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
MISSING = "Chromium or its driver not installed (scripts/setup.sh installs Debian's chromium and chromium-driver)"


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def make_driver(width: int = 1280, height: int = 1024, lang: str = "en-US", phone: bool = False):  # noqa: ANN201 - a WebDriver
    """A fresh headless Chromium; ``phone``: a phone's screen of ``width`` × ``height`` CSS pixels
    (Chromium's windows are at least 500 pixels wide, so phones are emulated)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # if Selenium Manager ever ran, it must not fetch
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-default-apps",
                "--password-store=basic", "--use-mock-keychain", f"--user-data-dir={profile}",
                f"--window-size={width},{height}", f"--lang={lang}", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang, "download.prompt_for_download": False})
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1}})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console: CSP violations
    service = Service(executable_path=CHROMEDRIVER, log_output=os.path.join(profile, "chromedriver.log"))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    driver.set_page_load_timeout(60)
    original_quit = driver.quit

    def quit_and_clean() -> None:
        try:
            original_quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean
    return driver


def full_page_screenshot(driver, path: Path, max_height: int = 4000, scale: float = 1, until: str | None = None) -> None:  # noqa: ANN001
    """The page from its top, as tall as its content (at most ``max_height`` CSS pixels; with
    ``until``, down to the bottom of the element that CSS selector finds), as PNG."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    height = min(max_height, size["height"])
    if until:
        bottom = driver.execute_script("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                                       "return r.bottom + window.scrollY;", until)
        height = min(size["height"], bottom + 24)
    clip = {"x": 0, "y": 0, "width": size["width"], "height": height, "scale": scale}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    Path(path).write_bytes(base64.b64decode(shot["data"]))


def regions_screenshot(driver, path: Path, regions: list[tuple[str, str]], scale: float = 1) -> None:  # noqa: ANN001
    """Parts of a long page, one under the other in one PNG: each part from the top of the element
    its first CSS selector finds to the bottom of the second's, separated by a grey band."""
    import base64
    import io

    from PIL import Image

    width = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["width"]
    parts = []
    for top, bottom in regions:
        y0, y1 = driver.execute_script(
            "const a = document.querySelector(arguments[0]).getBoundingClientRect();"
            "const b = document.querySelector(arguments[1]).getBoundingClientRect();"
            "return [a.top + window.scrollY, b.bottom + window.scrollY];", top, bottom)
        clip = {"x": 0, "y": max(0, y0 - 12), "width": width, "height": y1 - y0 + 24, "scale": scale}
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        parts.append(Image.open(io.BytesIO(base64.b64decode(shot["data"]))))
    band = 12
    out = Image.new("RGB", (max(p.width for p in parts), sum(p.height for p in parts) + band * (len(parts) - 1)), (200, 205, 212))
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height + band
    out.save(path, optimize=True)
