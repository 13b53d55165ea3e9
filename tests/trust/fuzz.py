"""What the fuzz tests share: hostile text, documents and dates, a POST built
from a form as the screen offers it, and the check that no script gets out.

Hypothesis runs derandomised (the same examples every run, so CI does not
flake) and without an example database in the repository.
"""

import datetime

from django.forms.models import ModelChoiceIteratorValue
from django.test import Client
from django.utils.encoding import force_str
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from directory.identity import CHECK_LETTERS

FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # shrinking a web form takes minutes
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
MARK = "Qz"  # starts every generated name, so it never matches the page by chance

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "<svg/onload=alert(3)>",
    "a\x00b",
    "\x00",
    "\x01\x02\x1b\x1f",
    "tab\there\rcr\nnl",
    "\u202eevil\u202c \u200f\u200e",
    "🙂" * 40,
    '=HYPERLINK("http://example.invalid","x")',
    "+1-1",
    "Robert'); DROP TABLE directory_person;--",
    "١٢٣٤٥٦٧٨Z",  # Arabic-Indic digits
    "１２３４５６７８Z",  # full-width digits
    "x" * 10_000,
    "<b>" * 3_000,
)
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=120),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60),
    st.builds(lambda a, b: f"{a}<script>{b}</script>", st.text(max_size=10), st.text()),
)


def dni(number: int) -> str:
    return f"{number:08d}{CHECK_LETTERS[number % 23]}"


def nie(prefix: str, number: int) -> str:
    digits = "XYZ".index(prefix) * 10_000_000 + number
    return f"{prefix}{number:07d}{CHECK_LETTERS[digits % 23]}"


valid_documents = st.one_of(
    st.integers(0, 99_999_999).map(dni),
    st.builds(nie, st.sampled_from("XYZ"), st.integers(0, 9_999_999)),
)


def wrong_letter(document: str) -> str:
    letter = document[-1]
    return document[:-1] + CHECK_LETTERS[(CHECK_LETTERS.index(letter) + 1) % 23]


hostile_documents = st.one_of(
    valid_documents.map(wrong_letter),
    st.integers(0, 9_999_999).map(str),  # too few digits, no letter
    st.text(max_size=40),
    st.sampled_from(PAYLOADS),
    valid_documents.map(lambda d: " " + d.lower().replace("", ".")[:60]),
)
hostile_dates = st.one_of(
    st.sampled_from(
        ("2023-02-30", "2024-13-01", "0000-01-01", "10000-01-01", "31/12/1999")
    ),
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.text(max_size=20),
)


def post_data(form) -> dict:
    """The form's values as the browser would send them back unchanged."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [plain(v) for v in value]
        elif value is not None:
            data[form.add_prefix(name)] = plain(value)
    return data


def plain(value) -> str:
    if isinstance(value, ModelChoiceIteratorValue):
        value = value.value
    if hasattr(value, "pk"):
        value = value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return force_str(value)


def marked(text: str) -> str:
    return f"{MARK}{text}"


def unsafe(value: str) -> bool:
    """Whether a value would be dangerous if echoed raw into a page (the tests
    mark every generated value, so it cannot match the page's own markup)."""
    return "<" in value and (value.startswith(MARK) or value in PAYLOADS)


def assert_escaped(test, response, *values: str) -> None:
    """No value holding markup appears verbatim in the page."""
    if getattr(response, "streaming", False) or response.status_code != 200:
        return
    html = response.content.decode(errors="replace")
    for value in values:
        if unsafe(value):
            test.assertNotIn(value.strip(), html)


def logged_in(user) -> Client:
    """A client signed in as `user`: hypothesis' TestCase runs each example in
    its own transaction, outside the test method's usual client set-up."""
    client = Client()
    client.force_login(user)
    return client
