"""The Vietnamese catalogues are complete and every template string goes through gettext."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "staticfiles", "media"}


def _files(pattern):
    return sorted(
        path for path in ROOT.rglob(pattern) if not SKIP.intersection(path.relative_to(ROOT).parts)
    )


def catalogues():
    return _files("locale/vi/LC_MESSAGES/django.po")


def templates():
    # Not the test OpenID provider's login page (tests/oidc_provider/): it stands for the
    # province's own provider, not a page of the portal.
    return [
        p
        for p in _files("templates/**/*.html")
        if p.is_file() and p.relative_to(ROOT).parts[:2] != ("tests", "oidc_provider")
    ]


def test_there_is_a_project_catalogue():
    assert ROOT / "locale/vi/LC_MESSAGES/django.po" in catalogues()


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_nothing_untranslated_or_fuzzy(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_not_older_than_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{mo} is stale: run compilemessages"


IGNORED_BLOCKS = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment|verbatim)\b.*?{%\s*end\1\s*%}", re.S
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")
# Text that needs no translation: numbers, punctuation, symbols and arrows.
NEUTRAL = re.compile(r"^[\s\d.,:;/%()\[\]·—–\-+=×÷#*|!?→←↑↓▲▼…'\"«»›‹]*$")


def untranslated_text(template):
    """Literal text in a template that is shown to users but not marked for translation."""
    source = template.read_text(encoding="utf-8")
    text = IGNORED_BLOCKS.sub(" ", source)
    text = TEMPLATE_CODE.sub(" ", text)
    text = SCRIPT_OR_STYLE.sub(" ", text)
    text = ENTITY.sub(" ", TAG.sub("\n", text))
    return [
        f"{template.relative_to(ROOT)}: {line.strip()!r}"
        for line in text.split("\n")
        if line.strip() and not NEUTRAL.match(line)
    ]


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(template):
    assert untranslated_text(template) == []


def test_the_template_check_catches_plain_text(tmp_path):
    bad = tmp_path / "templates" / "bad.html"
    bad.parent.mkdir()
    bad.write_text("{% load i18n %}<h1>Plain title</h1><p>{% translate 'ok' %}</p>")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert untranslated_text(bad) == ["templates/bad.html: 'Plain title'"]
    finally:
        ROOT = saved


def _django_messages_with(word):
    """Django's own Vietnamese messages whose translation contains `word`."""
    import gettext

    import django

    mo = Path(django.__file__).parent / "conf/locale/vi/LC_MESSAGES/django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return sorted(
        {
            key[0] if isinstance(key, tuple) else key
            for key, text in catalog.items()
            if word in text.lower()
        }
        - {""}
    )


def test_django_messages_say_tep_like_the_portal():
    from django.utils import translation

    msgids = _django_messages_with("tập tin")
    assert "The submitted file is empty." in msgids
    assert len(msgids) == 6
    with translation.override("vi"):
        for msgid in msgids:
            text = translation.gettext(msgid)
            assert "tập tin" not in text.lower() and "tệp" in text.lower(), (msgid, text)
        assert translation.gettext("The submitted file is empty.") == "Tệp được gửi là rỗng."
        # Django words the file name "tệp tin" and leaves the extension error in English.
        filename = "Ensure this filename has at most %(max)d character (it has %(length)d)."
        assert translation.ngettext(filename, filename, 2) == (
            "Tên tệp có tối đa %(max)d ký tự (hiện có %(length)d)."
        )
        assert translation.gettext(
            "File extension “%(extension)s” is not allowed. Allowed extensions are: "
            "%(allowed_extensions)s."
        ) == (
            "Không chấp nhận tệp có phần mở rộng “%(extension)s”. Các phần mở rộng được "
            "phép: %(allowed_extensions)s."
        )
