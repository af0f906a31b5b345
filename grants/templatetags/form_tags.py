"""Template helpers of every form page: the error summary's links (GOV.UK's pattern) and
the site's name, which no view's context can replace."""

from django import forms, template
from django.conf import settings

from grants.forms import DraftForms

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The site's name ("S4OM Grants"). Django's login view puts the host in the context
    as `site_name`; this tag always reads the setting."""
    return settings.SITE_NAME


@register.filter
def first_input_id(field) -> str:
    """The id of the control a summary link moves to: the field itself, or the first
    option of a radio group or a list of checkboxes (Django gives those no label target)."""
    if isinstance(field.field.widget, forms.RadioSelect):
        subwidgets = field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id


@register.simple_tag
def error_links(*forms_) -> list[dict]:
    """Every error of the forms given, in page order: {"text", "target"} (target is the id
    of the control to move to, or "" for an error of the whole form)."""
    entries = []
    for form in forms_:
        if not form or not form.errors:
            continue
        entries += [{"text": str(error), "target": ""} for error in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                label = field.label or field.name
                entries.append({"text": f"{label}: {error}", "target": first_input_id(field)})
    return entries


@register.simple_tag(takes_context=True)
def has_errors(context) -> bool:
    """Whether any form of the page (the draft's `forms` included) has an error to report,
    for the "Error: " at the start of the title."""
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate a lazy context value (a
        # query the page may never need) just to learn it is not a form.
        kind = type(value)
        if issubclass(kind, forms.BaseForm) and value.is_bound and value.errors:
            return True
        if issubclass(kind, DraftForms) and value.has_errors:
            return True
    return False


@register.simple_tag
def summary_intro(form) -> str:
    """What the summary says under its heading; true about password fields, which the
    browser is never sent back."""
    passwords = [
        f
        for f in form
        if isinstance(f.field.widget, forms.PasswordInput) and f.html_name in form.data
    ]
    if passwords:
        return (
            "Fix the marked fields and try again. Everything else you typed is still here, "
            "but for your safety the password fields are empty: type the password again."
        )
    return "Nothing you typed has been lost. Fix the marked fields and try again."
