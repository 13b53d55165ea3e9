"""Every demo role opens every screen its menus, tabs, buttons and choosers lead
to, in Chromium, without a script error, a Content-Security-Policy violation, a
server error, a refusal or English left on a Catalan screen (tests/e2e/crawl.py).

The list below holds screens with a known fault in an area another change is
fixing: their faults are reported, not failed on. Remove an entry once fixed.
"""

import pytest

from configuration.demo import DEMO_PASSWORD, DEMO_PROFESSIONALS

from .crawl import Crawler, EnglishDetector, crawl_order, screen_kind
from .test_smoke import ARTIFACTS, CHROMIUM, browser, demo_data  # noqa: F401

# {(URL regex, fault regex): "owner: the fault"}: one known fault on the screens
# the URL matches, tolerated (and reported in report.txt) until its owner's fix
# is merged; the lead removes the entry then. Any other fault still fails.
KNOWN_FAILING: dict[tuple[str, str], str] = {}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser crawl skipped: no Chromium at {CHROMIUM} "
    "(install Debian's 'chromium' package)",
)


@pytest.mark.e2e
@needs_chromium
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_role_opens_every_screen_without_a_fault(
    live_server,
    demo_data,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
):
    shots = ARTIFACTS / "crawl"
    shots.mkdir(parents=True, exist_ok=True)
    crawler = Crawler(
        browser,
        live_server.url,
        DEMO_PASSWORD,
        known_failing=KNOWN_FAILING,
        screenshots=shots,
    )
    usernames = crawl_order(DEMO_PROFESSIONALS)
    report = crawler.crawl(usernames)
    summary = (
        [f"{role}: {len(urls)} screens" for role, urls in report.visited.items()]
        + [f"{report.seconds:.0f} s"]
        + [f"known failing: {fault}" for fault in crawler.expected]
    )
    (shots / "report.txt").write_text(
        "\n".join([*summary, *map(str, report.faults)]) + "\n"
    )
    assert set(report.visited) == set(usernames)
    # Every role got past its home page: the menus were followed.
    assert all(len(urls) > 1 for urls in report.visited.values()), summary
    assert report.faults == [], "\n".join(map(str, report.faults))


# The crawl's rules, checked without a browser.


def test_screen_kinds_generalise_numbers_and_keep_the_tab():
    assert screen_kind("http://x/admin/users/edit/12/?next=/a") == (
        "/admin/users/edit/<n>/"
    )
    assert screen_kind("http://x/admin/casework/expedients/3/?tab=plans") == (
        "/admin/casework/expedients/<n>/?tab=plans"
    )
    assert screen_kind("http://x/admin/configuration/teams/history/4/") == (
        screen_kind("http://x/admin/casework/plans/history/9/")
    )


def test_the_english_check_finds_our_source_strings_only():
    english = EnglishDetector()
    # "Quiz attempts" is ours, translated "Intents de la prova".
    assert english.find("Formació\nQuiz attempts\n3 resultats") == ["Quiz attempts"]
    assert english.find("Formació\nIntents de la prova\n3 resultats") == []
    # Short words and strings that read the same in Catalan never count.
    assert all(len(phrase) >= 12 for phrase in english.phrases)
    assert "Llar" not in english.phrases
    # Part of a longer word is no match.
    assert english.find("XQuiz attemptsY") == []
