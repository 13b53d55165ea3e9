"""What the incident tests share: an area, a second area, two support agents."""

from django.core.files.uploadedfile import SimpleUploadedFile

from configuration import roles
from helpdesk.enums import IncidentCategory
from helpdesk.incidents.services import incident_open
from tests.factories import AreaFactory, professional
from tests.factories.casework import territory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name="screenshot.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def setup_desk(cls) -> None:
    cls.t = territory()
    cls.elsewhere = professional(roles.TECNIC, area=AreaFactory())
    cls.agent = professional(roles.SUPORT, area=None)
    cls.other_agent = professional(roles.SUPORT, area=None)


def open_incident(user, **fields):
    values = {
        "category": IncidentCategory.OTHER,
        "subject": "No puc desar",
        "description": "En desar una actuació surt un error.",
        "screen_url": "/admin/casework/expedients/7/?q=Serra",
        **fields,
    }
    return incident_open(acting_user=user, **values)
