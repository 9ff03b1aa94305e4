"""The agenda page and the minutes article, rendered by headless Chromium at 1280×720 (the big
screen of a meeting room): their text is there, nothing is wider than the window, and a screenshot
shows something. Chromium is Debian's package (`apt-get install chromium`); without it the test
fails in CI (CI=true, which .ci/run sets) and is skipped, with the reason, on a developer's machine."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from roomnet import FIRST, LONG_WORD, NEXT, build

WIDTH, HEIGHT = 1280, 720

# Written into a copy of the page, at the end of its body: what the window shows, into the DOM,
# which --dump-dom prints.
PROBE = """<script>
(function () {
  var root = document.documentElement, wide = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var box = e.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 || box.left < -1) { wide.push(e.tagName + "#" + e.id + "." + e.className); }
  });
  var out = document.createElement("pre");
  out.id = "samling-probe";
  out.textContent = JSON.stringify({scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    innerWidth: window.innerWidth, text: document.body.innerText, wide: wide.slice(0, 10)});
  document.body.appendChild(out);
})();
</script>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = (
        "headless Chromium is needed to check that the agenda page and the minutes article render: "
        "apt-get install -y --no-install-recommends chromium"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def run_chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--hide-scrollbars",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and how many different byte values the image data holds (1: one flat colour)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    pixels, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            pixels += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))


def check_page(browser: str, page: Path, tmp_path: Path, expected: list[str]) -> None:
    probe = page.with_name(page.stem + ".probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dumped = run_chromium(browser, tmp_path / f"profile-{page.stem}-dom", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="samling-probe">(.*?)</pre>', dumped.stdout, re.S)
    assert found, f"Chromium did not render {page.name}:\n{dumped.stderr[-2000:]}"
    import html

    result = json.loads(html.unescape(found[1]))
    assert result["innerWidth"] == WIDTH
    assert result["scrollWidth"] <= result["clientWidth"], f"{page.name} is wider than the window: {result}"
    assert result["wide"] == [], f"{page.name}: these stick out at the right: {result['wide']}"
    for text in expected:
        assert text in result["text"], f"{page.name} does not show {text!r}"
    shot = tmp_path / f"{page.stem}.png"
    taken = run_chromium(browser, tmp_path / f"profile-{page.stem}-shot", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), f"no screenshot of {page.name}:\n{taken.stderr[-2000:]}"
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert colours > 2, f"the screenshot of {page.name} is blank"


def test_the_agenda_page_and_the_minutes_article_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = chromium()
    root = build(tmp_path, monkeypatch, "nb")
    check_page(
        browser,
        root / "meetings" / NEXT / "out" / "agenda.html",
        tmp_path,
        ["Neste møte", "Spørsmål 2: Statistikk <i>i</i> Excel?", LONG_WORD, "Neste →", "Sende ut purrerutinen"],
    )
    check_page(
        browser,
        root / "meetings" / FIRST / "out" / "minutes.html",
        tmp_path,
        ["Møte", "Til stede", "Kari Nordmann, Bibliotek A", "Se også <b>håndboka</b>.", "Gruppe 1", LONG_WORD],
    )
