"""What a browser posts back from a form on a page: the test client then
submits exactly what a person would, hidden version and loaded values included."""

from datetime import date

from django import forms


def _posted(field: forms.Field, value) -> list[str]:
    """`value` as the browser posts it for `field` (a list of strings)."""
    value = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [str(item) for item in value or []]
    if value is None:
        return [""]
    if isinstance(value, date):
        return [value.isoformat()]
    return [str(value)]


def form_data(shown, **changes) -> dict:
    """The data of the form shown (a response's `form`, or a form) as the
    browser would send it (the values shown, hidden fields included), with
    `changes` typed over it."""
    form = shown.context["form"] if hasattr(shown, "context") else shown
    if form.is_bound:
        data = {key: form.data.getlist(key) for key in form.data}
    else:
        data = {
            form.add_prefix(name): _posted(field, form[name].initial)
            for name, field in form.fields.items()
            if not field.disabled
        }
    data.pop("csrfmiddlewaretoken", None)
    data.update({key: [str(value)] for key, value in changes.items()})
    return data


class FormAtUrlMixin:
    """A TestCase's form at `self.url`: opened by one user, saved by one user
    with the values it was opened with and `changes` typed over them."""

    def open_form(self, user):
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response

    def save(self, user, loaded, **changes):
        self.client.force_login(user)
        return self.client.post(self.url, form_data(loaded, **changes))
