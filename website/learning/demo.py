"""Demo course: the course page, its units, the quiz and its question bank."""

from uuid import uuid4

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from configuration import roles
from configuration.demo_registry import DemoContext, demo_step

from . import course_content as content
from .models import CoursePage, QuizPage, UnitPage

COURSE_SLUG = "curs"
EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _unit_body(items) -> list[dict]:
    body = []
    for kind, value in items:
        if kind == "callout":
            value = {"kind": "tip", "text": f"<p>{value}</p>"}
        elif kind == "try_it":
            label, admin_path, purpose = value
            value = {"label": label, "admin_path": admin_path, "purpose": purpose}
        body.append({"type": kind, "value": value})
    return body


def _questions() -> list[dict]:
    return [
        {
            "type": "question",
            "value": {
                "prompt": prompt,
                "multiple": multiple,
                # Items carry ids, as the page editor writes them: grading matches
                # the ids of the ticked answers.
                "choices": [
                    {
                        "type": "item",
                        "id": str(uuid4()),
                        "value": {"text": t, "correct": c},
                    }
                    for t, c in choices
                ],
                "explanation": explanation,
            },
        }
        for prompt, multiple, choices, explanation in content.QUESTIONS
    ]


def _add_once(ctx: DemoContext, parent: Page, model, slug: str, **fields) -> Page:
    """Create a child page once; an existing one is left as editors made it."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        ctx.counts["unchanged"] += 1
        return existing
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    ctx.counts["created"] += 1
    return page


@demo_step(order=60)
def seed_course(ctx: DemoContext) -> None:
    home = Page.objects.get(depth=2)
    course = _add_once(
        ctx,
        home,
        CoursePage,
        COURSE_SLUG,
        title=content.COURSE_TITLE,
        intro=content.COURSE_INTRO,
    )
    for number, unit in enumerate(content.UNITS, start=1):
        _add_once(
            ctx,
            course,
            UnitPage,
            unit["slug"],
            title=unit["title"],
            number=number,
            summary=unit["summary"],
            body=_unit_body(unit["body"]),
        )
    _add_once(
        ctx,
        course,
        QuizPage,
        "prova",
        title=content.QUIZ_TITLE,
        intro=content.QUIZ_INTRO,
        questions=_questions(),
    )
    _grant_course_editing(course)


def _grant_course_editing(course: Page) -> None:
    """Coordinators edit and publish the course pages in Wagtail's page editor."""
    group = Group.objects.get(name=roles.COORDINADOR.name)
    for codename in EDITOR_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=course,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
