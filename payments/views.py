"""The treasurer's pages (accepted awards, one award's payments, the downloads) and the
grantee's payee details page.

The treasurer records; staff and the board may look (payments.view_payment); payee
details show only to people holding payments.view_payeedetails (treasurer and staff).
An award that is not accepted, or another person's award on the grantee's page, is a 404.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import requires
from grants.money import ZERO
from grants.refusals import TransitionRefused
from payments import exports, queries, services
from payments.forms import AwardsFilterForm, PayeeDetailsForm, PaymentForm
from payments.models import PayeeDetails
from payments.permissions import may_record_payments, may_see_payee_details, may_view_payments

PAGE_SIZE = 50

view_required = requires(may_view_payments)


@view_required
@require_GET
def awards(request):
    form = AwardsFilterForm(request.GET or None)
    filters = form.filters()
    listed = queries.accepted_awards(**filters)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    cycle = filters.get("cycle")
    return render(
        request,
        "payments/awards.html",
        {
            "form": form,
            "page": page,
            "rows": queries.rows(page.object_list),
            "query": query.urlencode(),
            "cycle": cycle,
            "can_record": may_record_payments(request.user),
        },
    )


def _award(pk):
    application = queries.award_for_treasurer(pk)
    if application is None:
        raise Http404("No accepted award with this number.")
    return application


def _related(application, name):
    """A reverse one-to-one (agreement, payee details) or None when there is none."""
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def _render_award(request, application, form=None, status=200):
    payments = list(application.payments.all())
    paid = sum((payment.amount for payment in payments), ZERO)
    show_payee = may_see_payee_details(request.user)
    can_record = may_record_payments(request.user)
    row = queries.award_row(application, paid)
    context = {
        "application": application,
        "cycle": application.cycle,
        "payments": payments,
        "row": row,
        "agreement": _related(application, "agreement"),
        "show_payee": show_payee,
        "payee": _related(application, "payee_details") if show_payee else None,
        "can_record": can_record and row.outstanding > 0 and application.state == "accepted",
        "form": form or PaymentForm(currency=application.cycle.currency),
    }
    return render(request, "payments/award.html", context, status=status)


@requires(may_view_payments, to_post=may_record_payments)
@require_http_methods(["GET", "POST"])
def award(request, pk):
    application = _award(pk)
    if request.method == "GET":
        return _render_award(request, application)
    form = PaymentForm(request.POST, currency=application.cycle.currency)
    if not form.is_valid():
        return _render_award(request, application, form, status=400)
    data = form.cleaned_data
    try:
        payment = services.record_payment(
            application,
            by=request.user,
            amount=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            reference=data["reference"],
            note=data["note"],
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return _render_award(request, _award(pk), form, status=409)
    messages.success(
        request,
        f"Payment of {payment.amount:,.2f} {application.cycle.currency} recorded. "
        "The grantee has been told.",
    )
    return redirect("payments:award", pk=application.pk)


def _export_cycle(request):
    form = AwardsFilterForm(request.GET or None)
    return form.filters().get("cycle")


@view_required
@require_GET
def export_csv(request):
    cycle = _export_cycle(request)
    buffer = io.StringIO()
    exports.write_payments_csv(queries.payments_for_export(cycle=cycle), buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(cycle, "csv")}"'
    return response


@view_required
@require_GET
def export_xlsx(request):
    cycle = _export_cycle(request)
    buffer = io.BytesIO()
    exports.write_payments_workbook(queries.payments_for_export(cycle=cycle), buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(cycle, "xlsx")}"'
    return response


# The grantee --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def payee(request, pk):
    application = services.payee_application(request.user, pk)
    if application is None:
        raise Http404("No accepted award of yours with this number.")
    paid = application.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    if request.method == "POST":
        form = PayeeDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.save_payee_details(application, by=request.user, **form.cleaned_data)
            except TransitionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request, "Thank you. Your payee details are saved; the treasurer can see them."
                )
                return redirect("payments:payee", pk=application.pk)
        status = 400
    else:
        form = PayeeDetailsForm(initial=services.payee_initial(application))
        status = 200
    context = {
        "application": application,
        "cycle": application.cycle,
        "form": form,
        "row": queries.award_row(application, paid),
        "saved": PayeeDetails.objects.filter(application=application).exists(),
    }
    return render(request, "payments/payee.html", context, status=status)
