#!/usr/bin/env python
"""Screenshots of the public site in headless Chromium, as a phone (360 px) and a desktop (1280 px).

Starts nothing itself: point it at a running server (``make run`` or ``manage.py runserver``).

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--out screenshots]
                                            [--code 611633000] [--lang kk ru] [--page /accounts/login/]
                                            [--staff LOGIN:PASSWORD:TOTP_SECRET]

With ``--staff`` it signs in first (password, then the current TOTP code), so staff pages given with
``--page`` (e.g. ``--page /staff/residents/ --page /audit/``) are taken as that user sees them.

Without ``--code`` the first rural district reachable from the home page is used. Files are named
``<lang>-<page>-<device>.png`` (e.g. ``kk-rural_district-phone.png``); ``screenshots/`` is gitignored.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DEVICES = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}
RURAL_DISTRICT_LINK = re.compile(r"/[a-z]{2}/d/(\d{9})/")
BROWSE_LINK = re.compile(r"/[a-z]{2}/t/(\d{9})/")


def find_rural_district(page: Page, base_url: str, lang: str, max_pages: int = 30) -> str | None:
    """Walk home → region → district until a rural district link shows up; return its code."""
    queue, seen = [f"/{lang}/"], set()
    while queue and len(seen) < max_pages:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(urljoin(base_url, path))
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            if match := RURAL_DISTRICT_LINK.fullmatch(href):
                return match.group(1)
        queue.extend(href for href in hrefs if BROWSE_LINK.fullmatch(href))
    return None


def pages_to_take(page: Page, base_url: str, lang: str, code: str | None, extra: list[str]) -> dict[str, str]:
    pages = {"home": f"/{lang}/"}
    if code:
        pages["search"] = f"/{lang}/?q={code[:4]}"
        page.goto(urljoin(base_url, f"/{lang}/d/{code}/"))
        crumbs = page.eval_on_selector_all(
            ".breadcrumb a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        browse = [href for href in crumbs if BROWSE_LINK.fullmatch(href)]
        if browse:
            pages["district"] = browse[-1]
        pages["rural_district"] = f"/{lang}/d/{code}/"
    pages["not_found"] = f"/{lang}/d/000000000/"
    for path in extra:
        name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "root"
        pages[name] = f"/{lang}/{path.lstrip('/')}"
    return pages


def sign_in(page: Page, base_url: str, lang: str, staff: str) -> None:
    """Staff sign-in as a person does it: password form, then the 6-digit code."""
    import pyotp

    login, password, secret = staff.split(":", 2)
    page.goto(urljoin(base_url, f"/{lang}/accounts/login/"))
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--code", help="KATO code of the rural district to show (default: the first found)")
    parser.add_argument("--lang", nargs="+", default=["kk", "ru"])
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        help="another page to take, path without the language prefix (repeatable)",
    )
    parser.add_argument("--staff", help="LOGIN:PASSWORD:TOTP_SECRET of a staff user to sign in as first")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM} (set CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            state = None
            if args.staff:  # one sign-in for all shots: a TOTP code is accepted only once
                first = browser.new_context()
                sign_in(first.new_page(), args.base_url, args.lang[0], args.staff)
                state = first.storage_state()
                first.close()
            for lang in args.lang:
                for device, options in DEVICES.items():
                    context = browser.new_context(locale=lang, storage_state=state, **options)
                    page = context.new_page()
                    code = args.code or find_rural_district(page, args.base_url, lang)
                    if code is None:
                        print(
                            "No rural district is reachable from the home page: load some data first.",
                            file=sys.stderr,
                        )
                    for name, path in pages_to_take(page, args.base_url, lang, code, args.page).items():
                        response = page.goto(urljoin(args.base_url, path), wait_until="load")
                        target = args.out / f"{lang}-{name}-{device}.png"
                        page.screenshot(path=str(target), full_page=True)
                        taken.append(target)
                        print(f"{target}  {response.status if response else '?'}  {path}")
                    context.close()
        finally:
            browser.close()
    print(f"{len(taken)} screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
