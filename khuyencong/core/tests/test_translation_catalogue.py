"""The Vietnamese catalogue is complete: nothing untranslated or fuzzy, compiled, up to date."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR, "locale", "vi", "LC_MESSAGES")


def parse_po(path: Path) -> list[dict]:
    entries, current, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {
            "flags": "",
            "msgctxt": "",
            "msgid": "",
            "msgid_plural": "",
            "msgstr": {},
        }
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            key, current["msgctxt"] = "msgctxt", _unquote(line[8:])
        elif line.startswith("msgid_plural "):
            key, current["msgid_plural"] = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            key, current["msgid"] = "msgid", _unquote(line[6:])
        elif line.startswith("msgstr"):
            head, _, rest = line.partition(" ")
            index = head[7:-1] if "[" in head else "0"
            key = ("msgstr", index)
            current["msgstr"][index] = _unquote(rest)
        elif line.startswith('"'):
            if isinstance(key, tuple):
                current["msgstr"][key[1]] += _unquote(line)
            elif key:
                current[key] += _unquote(line)
    return entries


def _unquote(text: str) -> str:
    return (
        text.strip()[1:-1]
        .encode("utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_and_none_is_fuzzy(domain):
    po = LOCALE / f"{domain}.po"
    if domain == "djangojs" and not po.exists():
        pytest.skip("no JavaScript strings yet")
    entries = [e for e in parse_po(po) if e["msgid"]]
    assert entries
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_compiled_catalogue_matches_the_source():
    entries = [e for e in parse_po(LOCALE / "django.po") if e["msgid"] and not e["msgid_plural"]]
    with open(LOCALE / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        e["msgid"]
        for e in entries
        if (
            compiled.pgettext(e["msgctxt"], e["msgid"])
            if e["msgctxt"]
            else compiled.gettext(e["msgid"])
        )
        != e["msgstr"]["0"]
    ]
    assert not stale, f"run `make messages`: {stale[:5]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext tools are not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "static",
            "staticfiles",
            "media",
            "db.sqlite3*",
            "__pycache__",
            "node_modules",
        ),
    )
    (copy / "locale" / "vi" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "-i", "tmp"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    generated = parse_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    wanted = {(e["msgctxt"], e["msgid"]) for e in generated if e["msgid"]}
    have = {(e["msgctxt"], e["msgid"]) for e in parse_po(LOCALE / "django.po") if e["msgid"]}
    missing = sorted(wanted - have)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
