"""The JSON column that keeps a row's configurable fields' values.

Every row a configurable form edits (configuration.custom_fields.FORMS) has an
`extra` column: {key: value} with JSON values (dates as ISO text, decimals as
text, persons and catalogue entries as their id, several choices as a list).
Values of a deactivated field stay in it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def extra_values_field() -> models.JSONField:
    return models.JSONField(
        _("additional fields"), default=dict, blank=True, editable=False
    )
