"""The quiz flow and the certificate pages of the public site."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors, services
from .certificates import render_certificate_pdf
from .models import Certificate, QuizAttempt, QuizPage, Rating


def _question_view(question_id: str, question: dict, answers: dict | None = None):
    chosen = set((answers or {}).get(question_id, []))
    return {
        "id": question_id,
        "prompt": question["prompt"],
        "multiple": question["multiple"],
        "explanation": question["explanation"],
        "choices": [
            {"id": child.id, "text": child.value["text"], "chosen": child.id in chosen}
            for child in question["choices"].bound_blocks
        ],
        "right": chosen == services.correct_choice_ids(question),
    }


def _attempt_questions(
    quiz: QuizPage,
    attempt: QuizAttempt,
    graded: bool,
    explained: bool = False,
    answers: dict | None = None,
):
    """The drawn questions as the page shows them: an open attempt's carry no
    hint of the right answers (`answers` only re-ticks what the trainee posted),
    and a graded one's explanations only when `explained`."""
    bank = quiz.question_map()
    views = [
        _question_view(qid, bank[qid], attempt.answers if graded else answers)
        for qid in attempt.question_ids
        if qid in bank
    ]
    for view in views:
        if not graded:  # nothing about right answers reaches an open attempt's page
            view.pop("right")
        if not (graded and explained):
            view.pop("explanation")
    return views


def serve_quiz(quiz: QuizPage, request):
    if not request.user.is_authenticated:
        return TemplateResponse(request, "learning/quiz_page.html", {"page": quiz})
    if request.method == "POST":
        return _quiz_post(quiz, request)
    context = {"page": quiz, "self": quiz}
    result_id = request.GET.get("result")
    if result_id:
        attempt = get_object_or_404(
            QuizAttempt,
            pk=result_id if result_id.isdigit() else 0,
            quiz=quiz,
            user=request.user,
            submitted_at__isnull=False,
        )
        explained = selectors.explanations_visible(quiz=quiz, user=request.user)
        context.update(
            result=attempt,
            questions=_attempt_questions(quiz, attempt, True, explained),
            explained=explained,
            rating=Rating.objects.filter(attempt=attempt).first(),
            rating_scale=range(11),
        )
    else:
        open_attempt = quiz.attempts.filter(
            user=request.user, submitted_at=None
        ).first()
        if open_attempt:
            context.update(
                attempt=open_attempt,
                questions=_attempt_questions(quiz, open_attempt, False),
            )
        else:
            context["availability"] = services.attempt_availability(
                quiz=quiz, user=request.user
            )
            if context["availability"].exhausted:
                context["coordinators"] = selectors.area_coordinators(request.user)
    context["history"] = quiz.attempts.filter(
        user=request.user, submitted_at__isnull=False
    )
    context["certificate"] = Certificate.objects.filter(
        user=request.user, quiz=quiz
    ).first()
    return TemplateResponse(request, "learning/quiz_page.html", context)


def _own_attempt(quiz, request) -> QuizAttempt:
    attempt_id = request.POST.get("attempt", "")
    if not attempt_id.isdigit():
        raise Http404
    return get_object_or_404(QuizAttempt, pk=attempt_id, quiz=quiz, user=request.user)


def _quiz_post(quiz: QuizPage, request):
    action = request.POST.get("action")
    try:
        if action == "start":
            services.attempt_start(quiz=quiz, user=request.user)
            return redirect(quiz.url)
        if action == "submit":
            return _quiz_submit(quiz, request)
        if action == "rate":
            attempt = _own_attempt(quiz, request)
            score = request.POST.get("score", "")
            if not score.isdigit():
                raise ValidationError(_("Choose a value from 0 to 10."))
            services.rating_record(
                attempt=attempt,
                user=request.user,
                score=int(score),
                comment=request.POST.get("comment", "")[:2000],
            )
            messages.success(request, _("Thank you for your answer."))
            return redirect(f"{quiz.url}?result={attempt.pk}")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quiz.url)
    return HttpResponse(status=400)


def _quiz_submit(quiz: QuizPage, request):
    attempt = _own_attempt(quiz, request)
    answers = {qid: request.POST.getlist(f"q-{qid}") for qid in attempt.question_ids}
    try:
        services.attempt_submit(attempt=attempt, user=request.user, answers=answers)
    except OperationalError:
        # The database stayed busy past its timeout: nothing was written. The
        # answers come back ticked, so handing them in again loses nothing.
        messages.error(
            request,
            _(
                "Your answers could not be saved because Llar was busy. They are "
                "still ticked below: hand them in again."
            ),
        )
        context = {
            "page": quiz,
            "self": quiz,
            "attempt": attempt,
            "questions": _attempt_questions(quiz, attempt, False, answers=answers),
        }
        return TemplateResponse(request, "learning/quiz_page.html", context, status=503)
    return redirect(f"{quiz.url}?result={attempt.pk}")


@require_GET
def certificate_lookup(request):
    """The public verification form: anyone types a code to check it."""
    code = request.GET.get("code", "").strip().upper()
    if code:
        return redirect("learning_certificate_verify", code=code)
    return TemplateResponse(request, "learning/certificate_verify.html", {})


@require_GET
def certificate_verify(request, code: str):
    certificate = (
        Certificate.objects.filter(code=code.strip().upper())
        .select_related("user")
        .first()
    )
    status = 200 if certificate else 404
    return TemplateResponse(
        request,
        "learning/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


@require_GET
def certificate_pdf(request, code: str):
    """The trainee's own certificate as a PDF (404 for anybody else)."""
    if not request.user.is_authenticated:
        raise Http404
    certificate = get_object_or_404(Certificate, code=code, user=request.user)
    verify_url = request.build_absolute_uri(
        reverse("learning_certificate_verify", args=[certificate.code])
    )
    response = HttpResponse(
        render_certificate_pdf(certificate, verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.code}.pdf"'
    return response
