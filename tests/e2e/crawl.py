"""The browser crawl: every screen a role's menus, tabs, buttons and choosers lead
to, opened in Chromium and checked for script errors, Content-Security-Policy
violations, server errors, refusals and English left on a Catalan screen.

Bounded so that it fits in CI: same origin, inside /admin/, links only (never a
form, a logout or a link the admin's scripts turn into a POST), one visit per
screen kind (the URL with its numbers generalised, so one edit page per model),
and a cap per role. The screens every role sees differently (its home, its menu
destinations, the person record and the expedient) are opened once per role; any
other screen kind once per crawl, by the first role that reaches it (the roles are
crawled widest first).

Used by tests/e2e/test_crawl.py; `python -m tests.e2e.crawl URL` runs it against a
running server (seeded with `seed_demo`) and prints what it finds.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/ca/LC_MESSAGES/django.po"

# Links never followed: they sign out, download, or change something on GET or
# through the admin's scripts; bulk actions need a selection.
SKIPPED_LINKS = re.compile(
    r"/logout/|/delete/|/bulk/|[?&]export=|/pdf/|\.pdf$|/download|/unpublish/"
    # An appointment's reminder and receipt are PDFs (a download, not a screen).
    r"|/appointments/\d+/(receipt|reminder)/"
    r"|/revisions/\d+/revert/|/lock/|/unlock/|/copy/|/move/|/jsi18n/|/restore/"
    r"|/admin/login/|/password_reset/"
    # A chooser's "chosen" answer is JSON for its modal, not a screen.
    r"|/chosen/"
)
# Wagtail's generic per-object screens are the same code for every model: one
# of each kind per crawl is enough.
GENERIC_SCREENS = re.compile(r"^/admin/.+/(history|usage)/<n>/$")
# Screens whose content depends on who looks: opened by every role.
PER_ROLE_SCREENS = re.compile(
    r"^/admin/$|^/admin/directory/persons/edit/<n>/$|^/admin/casework/expedients/<n>/"
)
DEFAULT_CAP = 40  # screens per role
CHOOSER_TIMEOUT = 5000  # ms for a chooser modal to open
SCREENSHOT_AT = (0, 7, 19)  # which screens of a role are photographed
INTERACTION_TIMEOUT = 3000  # ms for a tab or button to take a click

# Chromium's wording of a Content-Security-Policy report on the console.
CSP_MARK = "Content Security Policy"


@dataclass
class Fault:
    role: str
    url: str
    kind: str  # console, csp, page error, server error, refused, english
    detail: str

    def __str__(self) -> str:
        return f"[{self.role}] {self.kind} at {self.url}: {self.detail}"


@dataclass
class Report:
    faults: list[Fault] = field(default_factory=list)
    visited: dict[str, list[str]] = field(default_factory=dict)  # role: urls
    screenshots: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def screen_kind(url: str) -> str:
    """The URL generalised to its kind of screen: numbers become <n>, the query
    drops all but the tab, and Wagtail's generic history/usage screens merge."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/<n>", parts.path)
    generic = GENERIC_SCREENS.match(path)
    if generic:
        return f"/admin/*/{generic.group(1)}/<n>/"
    tab = parse_qs(parts.query).get("tab")
    return f"{path}?tab={tab[0]}" if tab else path


def _literal_chunks(msgid: str) -> list[str]:
    """The literal runs of an English source string, without its placeholders
    and markup, as they would appear in a page's text."""
    text = re.sub(r"<[^>]+>", " ", msgid)
    pieces = re.split(r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{[^}]*\}|%%", text)
    return [" ".join(p.split()).strip(" .,:;·—-()") for p in pieces]


class EnglishDetector:
    """Finds, in a Catalan screen's visible text, the English source strings of
    our own catalogue that should have been translated.

    Only distinctive strings count: at least two words and 12 characters, at
    least two of them words of three letters or more, and text that appears in no
    Catalan translation of the catalogue (so names, codes and strings spelt the
    same in both languages never match). A match must stand between word
    boundaries and keep the source's capitals.
    """

    def __init__(self, catalogue: Path = CATALOGUE):
        entries = [
            e for e in polib.pofile(str(catalogue)) if e.translated() and not e.obsolete
        ]
        translations = " ".join(
            [e.msgstr for e in entries]
            + [s for e in entries for s in e.msgstr_plural.values()]
        ).casefold()
        sources = {e.msgid for e in entries} | {
            e.msgid_plural for e in entries if e.msgid_plural
        }
        self.phrases = sorted(
            {
                chunk
                for source in sources
                for chunk in _literal_chunks(source)
                if self._distinctive(chunk) and chunk.casefold() not in translations
            }
        )

    @staticmethod
    def _distinctive(chunk: str) -> bool:
        words = re.findall(r"[A-Za-z]+", chunk)
        return (
            len(chunk) >= 12
            and len(chunk.split()) >= 2
            and sum(len(w) >= 3 for w in words) >= 2
        )

    def find(self, text: str) -> list[str]:
        text = " ".join(text.split())
        return [
            phrase
            for phrase in self.phrases
            if phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        ]


class Crawler:
    """Crawls the admin as each demo role, in one browser, and reports faults."""

    def __init__(
        self,
        browser,
        base_url: str,
        password: str,
        *,
        known_failing: dict[tuple[str, str], str] | None = None,
        cap: int = DEFAULT_CAP,
        screenshots: Path | None = None,
        screenshots_per_role: int = 3,
        progress=None,
    ):
        self.progress = progress
        self.browser = browser
        self.base = base_url.rstrip("/")
        self.password = password
        self.known_failing = known_failing or {}
        self.cap = cap
        self.screenshots = screenshots
        self.screenshots_per_role = screenshots_per_role
        self.english = EnglishDetector()
        self.seen_kinds: set[str] = set()  # across roles
        self.seen_choosers: set[str] = set()
        self.report = Report()
        self.expected: list[Fault] = []  # on screens listed in known_failing

    # --- the crawl -----------------------------------------------------------

    def crawl(self, usernames) -> Report:
        started = time.monotonic()
        for username in usernames:
            self._crawl_role(username)
            if self.progress:
                visited = self.report.visited.get(username, [])
                self.progress(f"{username}: {len(visited)} screens")
        self.report.seconds = time.monotonic() - started
        return self.report

    def _crawl_role(self, role: str) -> None:
        context = self.browser.new_context(locale="ca-ES")
        page = context.new_page()
        page.set_default_timeout(15000)
        events: list[tuple[str, str]] = []
        self._listen(page, events)
        self._sign_in(page, role)
        home = f"{self.base}/admin/"
        queue, queued = [home], {screen_kind(home)}
        visited = self.report.visited.setdefault(role, [])
        while queue and len(visited) < self.cap:
            url = queue.pop(0)
            events.clear()
            links = self._open(page, role, url)
            visited.append(url)
            self._check(page, role, url, events)
            if url == home:  # the menus: every destination is per role
                links = self._menu_links(page) + links
            for link in links:
                kind = screen_kind(link)
                per_role = url == home or PER_ROLE_SCREENS.match(kind)
                if kind in queued or (not per_role and kind in self.seen_kinds):
                    continue
                queued.add(kind)
                queue.append(link)
            self.seen_kinds.update(screen_kind(u) for u in visited)
        context.close()

    def _listen(self, page, events) -> None:
        def console(message):
            if CSP_MARK in message.text:
                events.append(("csp", message.text))
            elif message.type == "error":
                events.append(("console", message.text))

        page.on("console", console)
        page.on("pageerror", lambda error: events.append(("page error", str(error))))
        page.on(
            "response",
            lambda r: (
                r.status >= 500
                and events.append(("server error", f"{r.status} {r.url}"))
            ),
        )

    def _sign_in(self, page, role: str) -> None:
        page.goto(f"{self.base}/admin/login/")
        page.fill("input[name=username]", role)
        page.fill("input[name=password]", self.password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.base}/admin/")

    def _open(self, page, role: str, url: str) -> list[str]:
        """Open `url`, work its tabs and choosers, and return its links."""
        response = page.goto(url, wait_until="load")
        final = urlsplit(page.url).path
        refused = final == "/admin/" and urlsplit(url).path != "/admin/"
        if response is not None and response.status < 400 and refused:
            self._fault(role, url, "refused", "sent back to the home page")
        self._click_tabs(page)
        self._open_choosers(page, role, url)
        self._screenshot(page, role)
        return self._links(page)

    def _links(self, page) -> list[str]:
        hrefs = page.eval_on_selector_all(
            "a[href]",
            """links => links
                .filter(a => !a.hasAttribute('data-w-action-url-value')
                          && !(a.dataset.action || '').includes('#post')
                          && !a.hasAttribute('download'))
                .map(a => a.href)""",
        )
        return self._admin_links(hrefs)

    def _menu_links(self, page) -> list[str]:
        props = page.eval_on_selector_all(
            "#wagtail-sidebar-props", "nodes => nodes.map(n => n.textContent)"
        )
        paths = [p for text in props for p in re.findall(r'"url": "([^"]+)"', text)]
        return self._admin_links([self.base + p for p in paths])

    def _admin_links(self, hrefs) -> list[str]:
        links = []
        for href in hrefs:
            href = href.split("#")[0]
            if href.startswith(f"{self.base}/admin/") and not SKIPPED_LINKS.search(
                href
            ):
                links.append(href)
        return links

    def _click_tabs(self, page) -> None:
        """Switch to each tab of the screen (nested tabs appear as their panel
        opens; those are clicked if the first round shows them)."""
        tabs = page.locator("[role=tab]").element_handles()[:12]
        for tab in tabs:
            if tab.is_visible():
                tab.click(timeout=INTERACTION_TIMEOUT)
        if tabs:
            page.wait_for_timeout(150)

    def _open_choosers(self, page, role: str, url: str) -> None:
        """Open each kind of chooser modal once per crawl, and close it."""
        from playwright.sync_api import TimeoutError as Timeout

        widgets = page.locator("[data-chooser-url]:visible")
        for index in range(widgets.count()):
            widget = widgets.nth(index)
            chooser = urlsplit(widget.get_attribute("data-chooser-url") or "").path
            button = widget.locator("[data-chooser-action-choose]:visible")
            if chooser in self.seen_choosers or not button.count():
                continue
            self.seen_choosers.add(chooser)
            button.first.click(timeout=INTERACTION_TIMEOUT)
            modal = page.locator(".modal.in .modal-body").first
            try:
                modal.wait_for(timeout=CHOOSER_TIMEOUT)
            except Timeout:
                self._fault(role, url, "chooser", f"{chooser} did not open")
                continue
            page.wait_for_timeout(200)
            page.locator(".modal.in [data-dismiss=modal]").first.click(
                timeout=INTERACTION_TIMEOUT
            )
            page.locator(".modal.in").wait_for(
                state="detached", timeout=INTERACTION_TIMEOUT
            )

    def _screenshot(self, page, role: str) -> None:
        if not self.screenshots:
            return
        taken = [p for p in self.report.screenshots if p.name.startswith(f"{role}-")]
        opened = len(self.report.visited.get(role, ()))  # before this screen
        if opened in SCREENSHOT_AT and len(taken) < self.screenshots_per_role:
            path = self.screenshots / f"{role}-{len(taken) + 1}.png"
            page.screenshot(path=str(path), full_page=True)
            self.report.screenshots.append(path)

    # --- the checks ------------------------------------------------------------

    def _check(self, page, role: str, url: str, events) -> None:
        for kind, detail in events:
            self._fault(role, url, kind, detail)
        if (page.get_attribute("html", "lang") or "").startswith("ca"):
            for phrase in self.english.find(page.inner_text("body")):
                self._fault(role, url, "english", phrase)

    def _fault(self, role: str, url: str, kind: str, detail: str) -> None:
        fault = Fault(role, url, kind, " ".join(detail.split())[:300])
        if any(
            re.search(where, url) and re.search(what, fault.detail)
            for where, what in self.known_failing
        ):
            self.expected.append(fault)
        else:
            self.report.faults.append(fault)


def crawl_order(professionals, roles_first=("coordinadora",)) -> list[str]:
    """One username per role (the demo has two coordinators, two technicians),
    the widest roles first so that their screens are the ones shared."""
    seen, usernames = set(), []
    for username, role, *_ in sorted(
        professionals, key=lambda p: p[0] not in roles_first
    ):
        if role.key not in seen:
            seen.add(role.key)
            usernames.append(username)
    return usernames


if __name__ == "__main__":  # python -m tests.e2e.crawl http://127.0.0.1:8000 [user…]
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
    django.setup()
    from playwright.sync_api import sync_playwright

    from configuration.demo import DEMO_PASSWORD, DEMO_PROFESSIONALS

    from .test_smoke import CHROMIUM, CHROMIUM_ARGS

    base, *chosen = sys.argv[1:]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        out = Path(os.environ.get("CRAWL_SCREENSHOTS", "test-artifacts/crawl"))
        out.mkdir(parents=True, exist_ok=True)
        crawler = Crawler(browser, base, DEMO_PASSWORD, screenshots=out, progress=print)
        report = crawler.crawl(chosen or crawl_order(DEMO_PROFESSIONALS))
        for role, urls in report.visited.items():
            print(f"{role}: {len(urls)} screens")  # noqa: T201
        for fault in report.faults:
            print(fault)  # noqa: T201
        total = sum(map(len, report.visited.values()))
        print(f"{total} screens in {report.seconds:.0f} s")  # noqa: T201
