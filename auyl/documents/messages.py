"""Messages of the document channel, queued in the outbox (each in its reader's language).

Recipients are the staff of a unit itself (``exact`` grants, via ``accounts.selectors.officials``), so a
district's supervisor is not told about documents addressed to the rural districts below it. Every message
carries a dedupe key naming the document, version, unit, occasion and person, so a repeated job sends
nothing twice.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.accounts.selectors import officials
from auyl.core.notifications import notify_user
from auyl.core.roles import Role

from .permissions import RECEIVERS, SENDERS


def _link(document) -> str:
    return reverse("documents:detail", args=[document.pk])


def receivers_of(unit) -> list:
    return officials(unit, RECEIVERS, exact=True)


def senders_of(unit) -> list:
    return officials(unit, [r for r in SENDERS if r != Role.ADMINISTRATOR], exact=True)


def tell_receivers(document, version, units, *, corrected: bool = False) -> int:
    """Tell each receiving unit's staff that a document (or its correction) arrived and needs acknowledging."""
    sent = 0
    occasion = "corrected" if corrected else "sent"
    for unit in units:
        for user in receivers_of(unit):

            def body(version=version, unit=unit):
                if corrected:
                    text = _(
                        '%(sender)s corrected the document "%(title)s" (version %(n)s): acknowledge it again.'
                    )
                else:
                    text = _('%(sender)s sent the document "%(title)s": acknowledge receipt.')
                text %= {"sender": document.sender.name, "title": version.title, "n": version.number}
                if version.report_due:
                    text += " " + _("Report due by %(date)s.") % {"date": f"{version.report_due:%d.%m.%Y}"}
                return f"{text} {_link(document)}"

            sent += notify_user(
                user,
                body,
                dedupe_key=f"documents:{document.pk}:v{version.number}:{unit.code}:{occasion}:{user.pk}",
                obj=document,
                territory=unit,
                subject=lambda version=version: _("Document: %(title)s") % {"title": version.title},
            )
    return sent


def tell_senders(document, recipient, report) -> int:
    """Tell the sending unit's staff that a report came back (late or not)."""
    sent = 0
    for user in senders_of(document.sender):

        def body():
            if report.is_late:
                text = _('%(unit)s reported late on "%(title)s".')
            else:
                text = _('%(unit)s reported on "%(title)s".')
            title = document.versions.get(number=report.version).title
            return f"{text % {'unit': recipient.territory.name, 'title': title}} {_link(document)}"

        sent += notify_user(
            user,
            body,
            dedupe_key=f"documents:{document.pk}:report:{report.pk}:{user.pk}",
            obj=document,
            territory=document.sender,
            subject=lambda: _("Report received"),
        )
    return sent


def remind(document, version, recipient, *, occasion: str, key: str) -> int:
    """One reminder to a receiving unit's staff: ``occasion`` is ``acknowledge``, ``due_soon`` or ``overdue``."""
    texts = {
        "acknowledge": lambda: _('Reminder: acknowledge receipt of "%(title)s" from %(sender)s.'),
        "due_soon": lambda: _('Reminder: the report on "%(title)s" from %(sender)s is due by %(date)s.'),
        "overdue": lambda: _('The report on "%(title)s" from %(sender)s was due by %(date)s and is overdue.'),
    }
    sent = 0
    for user in receivers_of(recipient.territory):

        def body():
            text = texts[occasion]() % {
                "title": version.title,
                "sender": document.sender.name,
                "date": f"{version.report_due:%d.%m.%Y}" if version.report_due else "",
            }
            return f"{text} {_link(document)}"

        sent += notify_user(
            user,
            body,
            dedupe_key=f"documents:{document.pk}:v{version.number}:"
            f"{recipient.territory.code}:{key}:{user.pk}",
            obj=document,
            territory=recipient.territory,
            subject=lambda: _("Document: %(title)s") % {"title": version.title},
        )
    return sent
