"""Shared set-up of the coordinators' tools tests: a territory, a coordinator of
another area, and helpers to find the tools' summary audit entries."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from tests.factories import english_ui
from tests.factories.casework import territory


def tool_entries(tool: str, instance=None):
    entries = LogEntry.objects.filter(
        additional_data__event="tool", additional_data__tool=tool
    )
    if instance is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_pk=str(instance.pk),
        )
    return entries


class ToolsData:
    """Mixin for TestCase: `t` (territory) and `stranger` (coordinator of
    another area)."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.stranger = territory().coordinator
        # The screens' texts are asserted in English, the source language.
        english_ui(cls.t.coordinator, cls.t.worker, cls.stranger)
