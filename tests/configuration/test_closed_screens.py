"""Issue #16.9: screens that could only fail answer 404."""

from django.test import TestCase
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.generic.chooser import CreateViewMixin

from configuration import roles
from configuration.middleware import _creates_without_a_form
from tests.factories import AreaFactory, UserFactory, professional


def chooser_create_urls() -> list[str]:
    """Every chooser 'create' URL whose view has no creation form."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif _creates_without_a_form(pattern.callback):
                found.append("/" + prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return found


class ClosedScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coordinator = professional(roles.COORDINADOR, area=AreaFactory())
        cls.superuser = UserFactory(is_superuser=True, area=None)

    def test_wagtails_error_test_is_not_found_for_anyone(self):
        for user in (self.coordinator, self.superuser):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("wagtailadmin_error_test"))
                self.assertEqual(response.status_code, 404)

    def test_a_chooser_offering_no_creation_answers_its_create_url_with_404(self):
        urls = chooser_create_urls()
        self.assertIn("/admin/directory/choose-person/create/", urls)
        self.client.force_login(self.coordinator)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {}).status_code, 404)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_chooser_with_a_creation_form_keeps_it(self):
        class WithForm(CreateViewMixin):
            creation_form_class = object

        view = type("view", (), {"view_class": WithForm, "view_initkwargs": {}})
        self.assertFalse(_creates_without_a_form(view))
