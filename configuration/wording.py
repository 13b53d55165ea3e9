"""Wagtail's generic messages, worded to agree with the noun they are about.

Wagtail writes "%(model_name)s '%(object)s' created." for every model, which
Catalan and Spanish cannot say for every noun ("Fitxa personal … creat", "el
demanda"). Each admin viewset of a domain model declares the grammatical gender
of its noun (`noun_gender`, catalan.md's table; a `pgettext_lazy` value where
one language's noun differs from another's), and the view mixins below pick the
messages worded for that gender: the translators see one entry per gender
(`msgctxt "feminine"` / `"masculine"`). Sentences are built so that no article
is needed ("Demanda «…» creada", "Expedient no desat: …"), so Catalan elision
(l'expedient, l'actuació) never arises.
"""

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy
from wagtail.admin.views.generic.models import CreateView

MASCULINE = "masculine"
FEMININE = "feminine"

CREATED = {
    MASCULINE: pgettext_lazy("masculine", "%(model_name)s '%(object)s' created."),
    FEMININE: pgettext_lazy("feminine", "%(model_name)s '%(object)s' created."),
}
UPDATED = {
    MASCULINE: pgettext_lazy("masculine", "%(model_name)s '%(object)s' saved."),
    FEMININE: pgettext_lazy("feminine", "%(model_name)s '%(object)s' saved."),
}
DELETED = {
    MASCULINE: pgettext_lazy("masculine", "%(model_name)s '%(object)s' deleted."),
    FEMININE: pgettext_lazy("feminine", "%(model_name)s '%(object)s' deleted."),
}
NOT_CREATED = {
    MASCULINE: pgettext_lazy(
        "masculine", "%(model_name)s not created: the form has errors."
    ),
    FEMININE: pgettext_lazy(
        "feminine", "%(model_name)s not created: the form has errors."
    ),
}
NOT_SAVED = {
    MASCULINE: pgettext_lazy(
        "masculine", "%(model_name)s not saved: the form has errors."
    ),
    FEMININE: pgettext_lazy(
        "feminine", "%(model_name)s not saved: the form has errors."
    ),
}
CONFIRM_DELETE = {
    MASCULINE: pgettext_lazy(
        "masculine", "Are you sure you want to delete this %(model_name)s?"
    ),
    FEMININE: pgettext_lazy(
        "feminine", "Are you sure you want to delete this %(model_name)s?"
    ),
}
NEW = {
    MASCULINE: pgettext_lazy("masculine", "New"),
    FEMININE: pgettext_lazy("feminine", "New"),
}
NEW_ITEM = {
    MASCULINE: pgettext_lazy("masculine", "New: %(model_name)s"),
    FEMININE: pgettext_lazy("feminine", "New: %(model_name)s"),
}
ADD_ITEM = {
    MASCULINE: pgettext_lazy("masculine", "Add %(model_name)s"),
    FEMININE: pgettext_lazy("feminine", "Add %(model_name)s"),
}


def gender_of(noun_gender) -> str | None:
    """The declared gender as a context name ("masculine"/"feminine"), or None."""
    if noun_gender is None:
        return None
    gender = str(noun_gender)
    return gender if gender in (MASCULINE, FEMININE) else MASCULINE


def worded(messages: dict, noun_gender, model, **params) -> str:
    """The message for the noun's gender, filled with the model's name."""
    text = str(messages[gender_of(noun_gender)])
    return capfirst(text % {"model_name": model._meta.verbose_name, **params})


class AgreementMixin:
    """Shared by the generic views: `noun_gender` comes from the viewset."""

    noun_gender = None

    @property
    def agrees(self) -> bool:
        return gender_of(self.noun_gender) is not None and self.model is not None


class AgreedIndexMixin(AgreementMixin):
    @property
    def add_item_label(self):
        if not self.agrees:
            return super().add_item_label
        return worded(ADD_ITEM, self.noun_gender, self.model)


class AgreedCreateMixin(AgreementMixin):
    def get_page_title(self):
        if self.agrees and type(self).page_title is CreateView.page_title:
            return str(NEW[gender_of(self.noun_gender)])
        return super().get_page_title()

    def get_success_message(self, instance):
        if not self.agrees or self.success_message is None:
            return super().get_success_message(instance)
        return worded(CREATED, self.noun_gender, self.model, object=instance)

    def get_error_message(self):
        if not self.agrees or self.expects_json_response:
            return super().get_error_message()
        return worded(NOT_CREATED, self.noun_gender, self.model)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.agrees and items and not items[-1].get("url"):
            label = NEW_ITEM[gender_of(self.noun_gender)] % {
                "model_name": self.get_page_subtitle()
            }
            items = [*items[:-1], {**items[-1], "label": label}]
        return items


class AgreedEditMixin(AgreementMixin):
    def get_success_message(self):
        if not self.agrees or self.success_message is None:
            return super().get_success_message()
        return worded(UPDATED, self.noun_gender, self.model, object=self.object)

    def get_error_message(self):
        if not self.agrees or self.expects_json_response:
            return super().get_error_message()
        return worded(NOT_SAVED, self.noun_gender, self.model)


class AgreedDeleteMixin(AgreementMixin):
    def get_success_message(self):
        if not self.agrees or self.success_message is None:
            return super().get_success_message()
        return worded(DELETED, self.noun_gender, self.model, object=self.object)

    @property
    def confirmation_message(self):
        if not self.agrees:
            return super().confirmation_message
        text = str(CONFIRM_DELETE[gender_of(self.noun_gender)])
        return text % {"model_name": self.model._meta.verbose_name}
