"""The first-reception training screens (Decree 150/2014, domain.md §3.6):

- the expedient's "Formació d'acollida" tab: the person's modules (completed
  in an own course, marked once attendance reaches 75% of the course's hours,
  or accredited with their document), the reception certificate and the
  signed application (template to download, signed copy uploaded);
- its forms: enrol in an own course, record an accredited module, the
  reception certificate and signed application;
- the courses' register: the area's courses, each with its classes, and one
  attendance register per class.

Expedient forms load the expedient through the scope first (404 outside it);
course screens show the area's courses to immigration professionals only
(404 for another area's course or class).
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.media import FormMediaMixin
from configuration.models import ImmigrationCourse

from ...models import LinkedPerson
from ...plan_pdf import agreement_document
from ...services.expedients import ActionNotAllowed
from ...tabs import ExpedientTab
from ...views.expedient import ExpedientMixin, main_person
from ...views.expedient_actions import ExpedientActionView
from .enums import TrainingWay
from .forms import (
    AccreditForm,
    AttendanceForm,
    CourseClassForm,
    EnrolForm,
    ReceptionForm,
)
from .models import (
    ImmigrationAttendance,
    ImmigrationCase,
    ImmigrationCourseClass,
    ImmigrationTrainingModule,
)
from .permissions import IMMIGRATION_CHANGE_RIGHT, user_can_work_immigration
from .services import (
    immigration_accredit,
    immigration_attendance_register,
    immigration_class_record,
    immigration_enrol,
    immigration_reception_update,
)
from .services.training import CLASS_RIGHT, TRAINING_RIGHT, enrolled_modules

TRAINING_TAB = "immigration_training"
TRAINING_LABEL = pgettext_lazy("heading", "First-reception training")
COURSES_LABEL = pgettext_lazy("heading", "Immigration courses register")


# --- the expedient's tab ------------------------------------------------------------


def _attended_hours(module) -> object:
    return sum(
        (row.course_class.hours for row in module.attendance.all() if row.attended),
        start=0,
    )


def training_tab_context(*, request, expedient) -> dict:
    """The person's modules with their attended hours (prefetched: the tab's
    queries do not grow with its rows), the reception data and the actions."""
    user = request.user
    attendance = ImmigrationAttendance.objects.select_related("course_class")
    rows = list(
        ImmigrationTrainingModule.objects.filter(expedient_id=expedient.pk)
        .select_related("course")
        .prefetch_related(Prefetch("attendance", queryset=attendance))
    )
    for row in rows:
        if row.way == TrainingWay.OWN_COURSE:
            row.hours_attended = _attended_hours(row)
            row.hours_needed = row.course.completion_hours
            row.register_url = reverse(
                "casework_immigration_course", args=[row.course_id]
            )
    may_record = expedient.is_open and user_can_work_immigration(
        user, expedient, TRAINING_RIGHT
    )
    may_change = expedient.is_open and user_can_work_immigration(
        user, expedient, IMMIGRATION_CHANGE_RIGHT
    )
    pk = expedient.pk
    return {
        "expedient": expedient,
        "rows": rows,
        "enrol_url": reverse("casework_immigration_enrol", args=[pk])
        if may_record
        else "",
        "accredit_url": reverse("casework_immigration_accredit", args=[pk])
        if may_record
        else "",
        "reception_url": reverse("casework_immigration_reception", args=[pk])
        if may_change
        else "",
        "template_url": reverse("casework_immigration_application", args=[pk]),
    }


class ImmigrationActionView(ExpedientActionView):
    """A form about an immigration expedient (404 for any other), for those
    who hold `permission` on it; the services' refusals become form errors."""

    model = ImmigrationCase

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not isinstance(self.expedient, ImmigrationCase):
            raise Http404

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_work_immigration(
            self.request.user, self.expedient, self.permission
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ActionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class TrainingActionView(ImmigrationActionView):
    tab = TRAINING_TAB
    permission = TRAINING_RIGHT


class EnrolView(TrainingActionView):
    page_title = _("Enrol in a course")
    submit_label = _("Enrol")
    form_class = EnrolForm

    def get_initial(self):
        return {"on": date.today()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def act(self, form) -> str:
        module = immigration_enrol(
            by=self.request.user, expedient=self.expedient, **form.cleaned_data
        )
        return gettext("Enrolled in %(course)s.") % {"course": module.course.name}


class AccreditView(TrainingActionView):
    page_title = _("Record an accredited module")
    submit_label = _("Record the module")
    form_class = AccreditForm

    def act(self, form) -> str:
        immigration_accredit(
            by=self.request.user, expedient=self.expedient, **form.cleaned_data
        )
        return gettext("Accredited module recorded.")


class ReceptionView(TrainingActionView):
    page_title = _("Reception certificate and signed application")
    form_class = ReceptionForm
    permission = IMMIGRATION_CHANGE_RIGHT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.expedient}

    def act(self, form) -> str:
        immigration_reception_update(
            by=self.request.user, case=self.expedient, **form.cleaned_data
        )
        return gettext("Reception data saved.")


class ApplicationTemplateView(ExpedientMixin, TemplateView):
    """The first-reception service application as a PDF to print and have
    signed, with the person's name and the expedient's number."""

    model = ImmigrationCase

    def get(self, request, *args, **kwargs):
        case = self.expedient
        if not isinstance(case, ImmigrationCase):
            raise Http404
        person = main_person(case)
        pdf = agreement_document(
            case.area, gettext("Application for the first-reception service")
        )
        who = str(person) if person else "—"
        if person is not None and person.document_number:
            who = f"{who} ({person.document_number})"
        pdf.para(
            gettext("Expedient %(number)s. Person: %(person)s")
            % {"number": case.number, "person": who}
        )
        pdf.heading(gettext("Application"))
        pdf.para(
            gettext(
                "I apply for the first-reception service (Decree 150/2014): "
                "training in basic language skills (module A), knowledge of "
                "the labour market (module B) and of Catalan society and its "
                "legal framework (module C), and the reception certificate "
                "once they are completed."
            )
        )
        pdf.heading(gettext("Signatures"))
        pdf.signature_box(who, gettext("the applicant"))
        response = HttpResponse(bytes(pdf.output()), content_type="application/pdf")
        name = f"sollicitud-acollida-{case.number}.pdf".replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- the courses' register ------------------------------------------------------------


def keeps_register(user) -> bool:
    return bool(
        user.is_active
        and user.area_id is not None
        and user.has_perm("casework.view_immigrationcase")
        and user.has_perm(CLASS_RIGHT)
    )


class RegisterMixin:
    """Immigration professionals only; the header names the screen (the
    breadcrumbs end with its title)."""

    def dispatch(self, request, *args, **kwargs):
        if not keeps_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        courses = {
            "url": reverse("casework_immigration_courses"),
            "label": COURSES_LABEL,
        }
        if isinstance(self, CoursesView):
            return [*self.breadcrumbs_items, {"url": "", "label": COURSES_LABEL}]
        return [
            *self.breadcrumbs_items,
            courses,
            {"url": "", "label": self.get_page_title()},
        ]


class CoursesView(RegisterMixin, WagtailAdminTemplateMixin, TemplateView):
    """The area's courses with their classes and enrolments."""

    template_name = "casework/immigration/courses.html"
    page_title = COURSES_LABEL
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        courses = (
            ImmigrationCourse.objects.filter(area_id=self.request.user.area_id)
            .annotate(
                class_count=Count("classes", distinct=True),
                enrolled_count=Count("enrolments", distinct=True),
            )
            .select_related("teacher")
            .order_by("-is_active", "level", "name")
        )
        return super().get_context_data(courses=courses, **kwargs)


class CourseView(RegisterMixin, FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    """One course: its classes (each with its register) and the form to
    record a new class."""

    model = ImmigrationCourse
    template_name = "casework/immigration/course.html"
    header_icon = "calendar"
    form_class = CourseClassForm

    @cached_property
    def course(self) -> ImmigrationCourse:
        return get_object_or_404(
            ImmigrationCourse.objects.filter(area_id=self.request.user.area_id),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.course.name

    def get_initial(self):
        return {"on": date.today()}

    def form_valid(self, form):
        try:
            immigration_class_record(
                by=self.request.user, course=self.course, **form.cleaned_data
            )
        except ValidationError as error:
            ExpedientActionView.add_errors(form, error)
            return self.form_invalid(form)
        except ActionNotAllowed as error:
            raise PermissionDenied from error
        messages.success(self.request, gettext("Class recorded."))
        return HttpResponseRedirect(self.request.path)

    def get_context_data(self, **kwargs):
        classes = self.course.classes.annotate(
            present=Count("attendance", filter=_attended())
        ).order_by("-date")
        return super().get_context_data(
            course=self.course,
            classes=classes,
            courses_url=reverse("casework_immigration_courses"),
            **kwargs,
        )


def _attended():
    from django.db.models import Q

    return Q(attendance__attended=True)


class AttendanceView(RegisterMixin, WagtailAdminTemplateMixin, FormView):
    """The attendance register of one class: who of the persons enrolled in
    its course (in the expedients the professional reads) attended."""

    model = ImmigrationCourseClass
    template_name = "casework/expedient_action.html"
    header_icon = "calendar"
    form_class = AttendanceForm
    page_title = _("Attendance register")
    submit_label = _("Save the register")

    @cached_property
    def course_class(self) -> ImmigrationCourseClass:
        return get_object_or_404(
            ImmigrationCourseClass.objects.visible_to(self.request.user).select_related(
                "course"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.course_class)

    @cached_property
    def back_url(self) -> str:
        return reverse(
            "casework_immigration_course", args=[self.course_class.course_id]
        )

    def modules(self) -> list:
        mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
        modules = list(
            enrolled_modules(self.course_class, self.request.user).prefetch_related(
                Prefetch("expedient__links", queryset=mains, to_attr="main_links")
            )
        )
        for module in modules:
            person = main_person(module.expedient)
            module.person_label = f"{person} · {module.expedient.number}"
        return modules

    def get_form_kwargs(self):
        register = dict(
            self.course_class.attendance.values_list("module_id", "attended")
        )
        return {
            **super().get_form_kwargs(),
            "modules": self.modules(),
            "register": register,
        }

    def form_valid(self, form):
        try:
            immigration_attendance_register(
                by=self.request.user,
                course_class=self.course_class,
                attended=form.attended(),
            )
        except ValidationError as error:
            ExpedientActionView.add_errors(form, error)
            return self.form_invalid(form)
        except ActionNotAllowed as error:
            raise PermissionDenied from error
        messages.success(self.request, gettext("Attendance register saved."))
        return HttpResponseRedirect(self.back_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=self.back_url,
            submit_label=self.submit_label,
            intro=""
            if self.get_form().modules
            else gettext("Nobody whose expedient you read is enrolled in this course."),
            **kwargs,
        )


class CoursesMenuItem(MenuItem):
    def is_shown(self, request):
        return keeps_register(request.user)


def courses_menu_item() -> MenuItem:
    return CoursesMenuItem(
        COURSES_LABEL,
        reverse("casework_immigration_courses"),
        icon_name="calendar",
        order=144,
    )


TABS = [
    ExpedientTab(
        key=TRAINING_TAB,
        label=TRAINING_LABEL,
        order=40,
        template="casework/immigration/training_tab.html",
        permission="casework.view_immigrationtrainingmodule",
        context=training_tab_context,
    )
]
MENU_ITEMS = [courses_menu_item]
URLS = [
    path(
        "casework/immigration/<int:pk>/training/enrol/",
        EnrolView.as_view(),
        name="casework_immigration_enrol",
    ),
    path(
        "casework/immigration/<int:pk>/training/accredit/",
        AccreditView.as_view(),
        name="casework_immigration_accredit",
    ),
    path(
        "casework/immigration/<int:pk>/reception/",
        ReceptionView.as_view(),
        name="casework_immigration_reception",
    ),
    path(
        "casework/immigration/<int:pk>/application.pdf",
        ApplicationTemplateView.as_view(),
        name="casework_immigration_application",
    ),
    path(
        "casework/immigration/courses/",
        CoursesView.as_view(),
        name="casework_immigration_courses",
    ),
    path(
        "casework/immigration/courses/<int:pk>/",
        CourseView.as_view(),
        name="casework_immigration_course",
    ),
    path(
        "casework/immigration/classes/<int:pk>/attendance/",
        AttendanceView.as_view(),
        name="casework_immigration_attendance",
    ),
]
