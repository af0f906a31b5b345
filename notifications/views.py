"""The inbox: a person's notices, newest first, with mark-as-read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications import queries, services


@login_required
def inbox(request):
    page = queries.inbox_page(request.user, request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk: int):
    if services.mark_read(user=request.user, notice_id=pk) is None:
        raise Http404("No such notice.")
    return redirect_back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
    else:
        messages.info(request, "Everything was already read.")
    return redirect_back(request)


def redirect_back(request):
    """Back to the inbox page the person was on."""
    page = request.POST.get("page", "")
    target = redirect("notifications:inbox")
    if page.isdigit():
        target["Location"] += f"?page={page}"
    return target
