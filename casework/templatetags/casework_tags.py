from django import template

from ..tabs import expedient_url as _expedient_url

register = template.Library()


@register.simple_tag
def expedient_url(expedient_id, tab=None) -> str:
    """The expedient screen, on `tab` when given."""
    return _expedient_url(expedient_id, tab)
