"""Form media (widget JavaScript and CSS) in the head of custom admin screens.

A widget such as Wagtail's date picker or a chooser writes an inline script that
calls its JavaScript (initDateChooser, new Chooser…) where the field is drawn.
That JavaScript must already be loaded: Wagtail's admin templates load the
`extra_js` block in the head, before the page's content. Custom screens put
`media` in their context and the template writes it in `extra_css` / `extra_js`:

    {% block extra_css %}{{ block.super }}{{ media.css }}{% endblock %}
    {% block extra_js %}{{ block.super }}{{ media.js }}{% endblock %}

Writing `{{ form.media }}` after the form loads it too late: "Chooser is not
defined", "initDateChooser is not defined", and the widget does nothing.
"""

from django import forms


def forms_media(*items) -> forms.Media:
    """The media of every form among `items` (others, such as None, are skipped)."""
    media = forms.Media()
    for item in items:
        if isinstance(item, forms.BaseForm | forms.BaseFormSet):
            media += item.media
    return media


class FormMediaMixin:
    """A form view whose template writes `media` in the head (see above)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("media", forms_media(context.get("form")))
        return context
