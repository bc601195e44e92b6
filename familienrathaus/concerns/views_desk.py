"""The coordination desk under /verwaltung/anliegen/: the inbox and a concern's page.

Each step on a concern (answer, note, assignment, status, priority, passing on,
merging, classifying, publishing a partner's answer) posts to its own address and
calls one service. On bad input the concern's page comes back with the form as typed
and the message next to the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from familienrathaus.concerns import dues, forms_desk, permissions
from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import desk as services
from familienrathaus.concerns.services import passing
from familienrathaus.core import private_files
from familienrathaus.core.exports import table_response
from familienrathaus.core.forms import add_errors
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require

PAGE_SIZE = 25


def _concern(pk: int) -> Concern:
    concern = selectors.concern(pk)
    if concern is None:
        raise Http404
    return concern


# --------------------------------------------------------------------------- the inbox


def _export(file_format: str, concerns: Any) -> HttpResponse:
    today = dues.today()
    header = [
        _("Reference"),
        _("Received"),
        _("Kind"),
        _("Topic"),
        _("District"),
        pgettext("concern", "Channel"),
        _("Status"),
        pgettext("concern", "Priority"),
        _("Assigned to"),
        _("Passed on to"),
        _("First answer due"),
        _("Closing due"),
        _("Overdue"),
    ]
    rows = (
        (
            c.reference,
            c.created_at,
            c.get_kind_display(),
            c.topic.name if c.topic else "",
            c.district.name if c.district else "",
            c.get_channel_display(),
            c.get_status_display(),
            c.get_priority_display(),
            str(c.assignee) if c.assignee else "",
            str(c.organisation or c.office or ""),
            c.first_answer_due.strftime("%d.%m.%Y") if c.first_answer_due else "",
            c.close_due.strftime("%d.%m.%Y") if c.close_due else "",
            _("yes") if c.status != Concern.Status.CLOSED and dues.is_overdue(c, on=today) else "",
        )
        for c in concerns
    )
    return table_response(file_format, "anliegen", header, rows)


def _inbox(request: HttpRequest, *, overdue: bool) -> HttpResponse:
    data = request.GET.copy()
    if overdue:
        data["overdue"] = "on"
    form = forms_desk.InboxFilterForm(data)
    concerns = selectors.inbox(form.filters(), user=request.user)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return _export(file_format, concerns)
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    today = dues.today()
    return render(
        request,
        "concerns/desk/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [(c, dues.is_overdue(c, on=today)) for c in page],
            "total": page.paginator.count,
            "query": query_without_page(request),
            "counts": selectors.counts(today=today),
            "overdue_view": overdue,
            "may_manage_settings": permissions.can_manage_settings(request.user),
        },
    )


@require(permissions.can_use_desk)
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request, overdue=False)


@require(permissions.can_use_desk)
def overdue(request: HttpRequest) -> HttpResponse:
    return _inbox(request, overdue=True)


# --------------------------------------------------------------------------- a concern


def _forms(concern: Concern, request: HttpRequest, **bound: Any) -> dict[str, Any]:
    template_id = request.GET.get("vorlage", "")
    reply_initial = {}
    if template_id.isdigit():
        template = selectors.answer_templates().filter(pk=int(template_id)).first()
        if template is not None:
            reply_initial = {"text": template.text, "template": template.pk}
    forms: dict[str, Any] = {
        "reply_form": forms_desk.ReplyForm(initial=reply_initial),
        "note_form": forms_desk.NoteForm(),
        "assign_form": forms_desk.AssignForm(initial={"assignee": concern.assignee_id}),
        "status_form": forms_desk.StatusForm(initial={"status": concern.status}),
        "priority_form": forms_desk.PriorityForm(initial={"priority": concern.priority}),
        "pass_form": forms_desk.PassOnForm(
            initial={"to": _holder_value(concern)}, held=_holder_value(concern) != forms_desk.DESK
        ),
        "merge_form": forms_desk.MergeForm(concern=concern),
        "classify_form": forms_desk.ClassifyForm(instance=concern),
    }
    forms.update(bound)
    return forms


def _holder_value(concern: Concern) -> str:
    if concern.organisation_id:
        return f"partner-{concern.organisation_id}"
    if concern.office_id:
        return f"office-{concern.office_id}"
    return forms_desk.DESK


def _detail(
    request: HttpRequest, concern: Concern, status: int = 200, **bound: Any
) -> HttpResponse:
    today = dues.today()
    context = {
        "concern": concern,
        "timeline": selectors.timeline(concern, whole=True),
        "attachments": selectors.attachments(concern),
        "merged": concern.merged.all(),
        "overdue": dues.is_overdue(concern, on=today),
        "first_answer_overdue": dues.first_answer_overdue(concern, on=today),
        "close_overdue": dues.close_overdue(concern, on=today),
        "open": permissions.can_answer(request.user, concern),
        **_forms(concern, request, **bound),
    }
    return render(request, "concerns/desk/detail.html", context, status=status)


@require(permissions.can_use_desk)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _concern(pk))


def _done(request: HttpRequest, concern: Concern, text: str) -> HttpResponse:
    """Back to the concern's page, at the top where the message is (on a phone the
    form that was sent may be far down)."""
    messages.success(request, text)
    return redirect(reverse("concerns:desk-detail", args=[concern.pk]) + "#main")


def _refused(request: HttpRequest, concern: Concern) -> HttpResponse:
    messages.error(request, _("This step is not possible on this concern (any more)."))
    return redirect("concerns:desk-detail", pk=concern.pk)


def _invalid(
    request: HttpRequest, concern: Concern, name: str, form: Any, exc: Any = None
) -> HttpResponse:
    """The concern's page again, with the form as typed and its messages."""
    if exc is not None:
        add_errors(form, exc)
    return _detail(request, concern, status=400, **{name: form})


@require_POST
@require(permissions.can_use_desk)
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern(pk)
    form = forms_desk.ReplyForm(request.POST)
    if "insert" in request.POST:
        # "Insert template": its text after what was already typed; nothing is sent.
        typed = request.POST.get("text", "").rstrip()
        chosen = request.POST.get("template", "")
        template = (
            selectors.answer_templates().filter(pk=int(chosen)).first()
            if chosen.isdigit()
            else None
        )
        text = typed
        if template is not None:
            text = f"{typed}\n\n{template.text}" if typed else template.text
        initial = {"text": text, "submission_key": request.POST.get("submission_key")}
        return _detail(request, concern, reply_form=forms_desk.ReplyForm(initial=initial))
    if not form.is_valid():
        return _invalid(request, concern, "reply_form", form)
    try:
        services.reply(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            text=form.cleaned_data["text"],
            submission_key=form.key(),
        )
    except services.NotAllowed:
        return _refused(request, concern)
    return _done(request, concern, _("Your answer was sent to the family."))


def _step(
    request: HttpRequest,
    pk: int,
    name: str,
    make_form: Callable[[Concern], Any],
    write: Callable[[Concern, Any], object],
    done: str,
) -> HttpResponse:
    """One step on a concern's page: the form as sent, the service, the answer (the page
    again with the form as typed and its messages, or back to it with ``done``)."""
    concern = _concern(pk)
    form = make_form(concern)
    if not form.is_valid():
        return _invalid(request, concern, name, form)
    try:
        write(concern, form)
    except services.NotAllowed:
        return _refused(request, concern)
    except ValidationError as exc:
        return _invalid(request, concern, name, form, exc)
    return _done(request, concern, done)


@require_POST
@require(permissions.can_use_desk)
def note(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "note_form",
        lambda concern: forms_desk.NoteForm(request.POST),
        lambda concern, form: services.add_note(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            text=form.cleaned_data["text"],
            submission_key=form.key(),
        ),
        _("The note was saved."),
    )


@require_POST
@require(permissions.can_use_desk)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "assign_form",
        lambda concern: forms_desk.AssignForm(request.POST),
        lambda concern, form: services.assign(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            assignee=form.cleaned_data["assignee"],
        ),
        _("The assignment was saved."),
    )


@require_POST
@require(permissions.can_use_desk)
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "status_form",
        lambda concern: forms_desk.StatusForm(request.POST),
        lambda concern, form: services.change_status(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            status=form.cleaned_data["status"],
            text=form.cleaned_data["text"],
        ),
        _("The status was changed."),
    )


@require_POST
@require(permissions.can_use_desk)
def priority(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "priority_form",
        lambda concern: forms_desk.PriorityForm(request.POST),
        lambda concern, form: services.set_priority(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            priority=form.cleaned_data["priority"],
        ),
        _("The priority was saved."),
    )


@require_POST
@require(permissions.can_use_desk)
def pass_on(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern(pk)
    form = forms_desk.PassOnForm(request.POST, held=_holder_value(concern) != forms_desk.DESK)
    if not form.is_valid():
        return _invalid(request, concern, "pass_form", form)
    organisation, office = form.recipient()
    try:
        passing.pass_on(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            organisation=organisation,
            office=office,
            note=form.cleaned_data["note"],
        )
    except services.NotAllowed:
        return _refused(request, concern)
    except ValidationError as exc:
        return _invalid(request, concern, "pass_form", form, exc)
    if organisation is None and office is None:
        return _done(request, concern, _("The concern is back with the coordination office."))
    return _done(
        request,
        concern,
        _("The concern was passed on to %(holder)s.") % {"holder": organisation or office},
    )


@require_POST
@require(permissions.can_use_desk)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern(pk)
    form = forms_desk.MergeForm(request.POST, concern=concern)
    if not form.is_valid() or form.target_concern is None:
        return _invalid(request, concern, "merge_form", form)
    try:
        passing.merge(
            actor=request.user,  # type: ignore[arg-type]
            duplicate=concern,
            target=form.target_concern,
        )
    except services.NotAllowed:
        return _refused(request, concern)
    except ValidationError as exc:
        return _invalid(request, concern, "merge_form", form, exc)
    messages.success(
        request,
        _("%(duplicate)s was merged into this concern; its family was told.")
        % {"duplicate": concern.reference},
    )
    return redirect("concerns:desk-detail", pk=form.target_concern.pk)


@require_POST
@require(permissions.can_use_desk)
def classify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "classify_form",
        # A copy of the row: validating the form changes its instance, and the service
        # compares the concern before and after.
        lambda concern: forms_desk.ClassifyForm(request.POST, instance=_concern(pk)),
        lambda concern, form: services.classify(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            kind=form.cleaned_data["kind"],
            topic=form.cleaned_data["topic"],
            district=form.cleaned_data["district"],
        ),
        _("Kind, topic and district were saved."),
    )


@require_POST
@require(permissions.can_use_desk)
def publish(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    concern = _concern(pk)
    try:
        passing.publish(
            actor=request.user,  # type: ignore[arg-type]
            concern=concern,
            message_id=message_id,
        )
    except services.NotAllowed:
        return _refused(request, concern)
    return _done(request, concern, _("The answer was sent on to the family."))


@require(permissions.can_use_desk)
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    concern = _concern(pk)
    found = selectors.attachment_of(concern, attachment_id)
    if found is None:
        raise Http404
    return private_files.serve(
        found.file, download_name=f"anliegen-{found.concern.reference}-{found.pk}"
    )
