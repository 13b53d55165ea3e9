"""The access report download (`casework_person_access_report`) and its button
in the person record's actions menu, for coordinators (REPORT_RIGHT): a person
out of scope, or a role without the right, answers 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.widgets.button import Button

from directory.models import Person

from ..permissions import REPORT_RIGHT
from ..services.access_report import access_report_make


class PersonAccessReportView(View):
    def get(self, request, pk):
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
        if not request.user.has_perm(REPORT_RIGHT):
            raise Http404
        pdf = access_report_make(person=person, acting_user=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="acces-{pk}.pdf"'
        return response


def access_report_button(*, person, user) -> Button | None:
    if not user.has_perm(REPORT_RIGHT):
        return None
    return Button(
        _("Access report (PDF)"),
        url=reverse("casework_person_access_report", args=[person.pk]),
        icon_name="doc-full",
        priority=50,
    )


URLS = [
    path(
        "casework/persons/<int:pk>/access-report/",
        PersonAccessReportView.as_view(),
        name="casework_person_access_report",
    ),
]
