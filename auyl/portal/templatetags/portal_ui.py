"""Template helpers of the site layout: the language switcher, numbers, phone links."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

# Kazakh and Russian group thousands with a (no-break) space, English with a comma.
THOUSANDS_SEPARATOR = {"kk": "\u00a0", "ru": "\u00a0", "en": ","}
# What a narrow phone shows on the language buttons (the full name stays for screen readers).
SHORT_NAMES = {"kk": "ҚАЗ", "ru": "РУС", "en": "ENG"}


def url_in_language(path: str, language: str) -> str:
    """The same page in another language.

    ``translate_url`` resolves the path under the *active* language, which on the page itself is the
    language of its prefix; a path that does not resolve (a 404) gets its prefix swapped instead.
    """
    translated = translate_url(path, language)
    if translated != path:
        return translated
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{language}/" + path[len(prefix) :]
    return path if path.startswith(f"/{language}/") else f"/{language}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: code, its name in itself (``settings.LANGUAGES``), a short label,
    the URL of this page in it, and whether it is the current one.

    Each language button posts its own ``next`` already in the target language, so Django's
    ``set_language`` keeps the page whatever language the browser or cookie would have chosen.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    links = []
    for code, name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": name,
                "short": SHORT_NAMES.get(code, code.upper()),
                "url": url_in_language(path, code),
                "current": code == current,
            }
        )
    return links


@register.filter
def thousands(value):
    """12361 -> "12 361" (kk, ru) or "12,361" (en); empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    separator = THOUSANDS_SEPARATOR.get((get_language() or "")[:2], "\u00a0")
    return f"{number:,}".replace(",", separator)


@register.filter
def tel_href(phone):
    """A dialable ``tel:`` target in international form where it is a Kazakh number:
    "8 (7162) 25-13-47" -> "+77162251347"; other numbers keep their digits and leading plus."""
    phone = (phone or "").strip()
    digits = re.sub(r"\D", "", phone)
    if phone.startswith("+"):
        return "+" + digits
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    return digits


@register.filter
def localized(obj, field):
    """``obj.localized(field)``: the value in the active language with the model's fallback."""
    method = getattr(obj, "localized", None)
    return method(field) if method else ""
