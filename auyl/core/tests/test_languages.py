"""Every message exists in Kazakh and Russian, and the compiled catalogues match the sources."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

AUYL = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(AUYL.glob("**/locale"))


def _unquote(chunks: list[str]) -> str:
    return "".join(ast.literal_eval(c) for c in chunks)


def po_entries(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, [msgstr...], fuzzy) for each entry of a .po file, header excluded; an entry with a context
    (pgettext) is keyed "context\x04msgid", as gettext stores it in the compiled catalogue."""
    entries, block = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            fuzzy = any(b.startswith("#,") and "fuzzy" in b for b in block)
            fields: dict[str, list[str]] = {}
            key = None
            for b in block:
                if b.startswith("#"):
                    continue
                m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?|msgctxt) (".*")$', b)
                if m:
                    key = m.group(1)
                    fields[key] = [m.group(2)]
                elif b.startswith('"') and key:
                    fields[key].append(b)
            msgid = _unquote(fields.get("msgid", ['""']))
            if msgid and "msgctxt" in fields:
                msgid = _unquote(fields["msgctxt"]) + "\x04" + msgid
            strs = [_unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            if msgid:
                entries.append((msgid, strs, fuzzy))
            block = []
    return entries


@pytest.mark.parametrize("locale", CATALOGUES, ids=lambda p: str(p.relative_to(AUYL)))
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalogue_is_complete_and_compiled(lang, locale):
    po = locale / lang / "LC_MESSAGES" / "django.po"
    entries = po_entries(po)
    assert entries
    missing = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert missing == [], f"untranslated in {lang}: {missing[:5]}"
    with open(po.with_suffix(".mo"), "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [msgid for msgid, strs, _f in entries if "\n" not in msgid and compiled.gettext(msgid) != strs[0]
             and len(strs) == 1]
    assert stale == [], f"django.mo is older than django.po for {lang} (run make messages): {stale[:3]}"


@pytest.mark.parametrize(("lang", "word"), [("kk", "Ауылдық округтер"), ("ru", "Сельские округа"), ("en", "Rural districts")])
def test_home_page_speaks_the_language_of_its_prefix(client, db, lang, word):
    with translation.override(lang):
        url = reverse("portal:home")
    page = client.get(url).content.decode()
    assert f'lang="{lang}"' in page and word in page
