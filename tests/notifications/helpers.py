"""Small readers for the outbox in tests."""

from notifications.models import Email, Notice


def sent_to(mailoutbox) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the mail backend received, sorted."""
    return sorted((message.to[0], message.subject) for message in mailoutbox)


def outbox_rows() -> list[tuple[str, str]]:
    return sorted(Email.objects.values_list("to_address", "subject"))


def notices() -> list[tuple[str, str]]:
    return sorted(Notice.objects.values_list("user__email", "title"))


def everything_sent_to(mailoutbox, address: str) -> str:
    """Every subject and body (text and HTML) the person received, as one string."""
    parts = []
    for message in mailoutbox:
        if address in message.to:
            parts.append(message.subject)
            parts.append(message.body)
            parts.extend(content for content, _ in message.alternatives)
    return "\n".join(parts)
