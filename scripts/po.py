#!/usr/bin/env python3
"""Translate a gettext catalogue without hand-editing it.

  scripts/po.py todo FILE.po              list msgids still untranslated or fuzzy (as JSON)
  scripts/po.py fill FILE.po TRANS.json   fill entries from {"msgid": "bản dịch", ...};
                                          plural entries take a list ["one", "other"].
Fuzzy marks on filled entries are removed. Run `make messages` first to collect strings.
"""

import json
import sys

import polib


def todo(path):
    catalogue = polib.pofile(path)
    missing = [e.msgid for e in catalogue if e.msgid and (not e.translated() or e.fuzzy)]
    print(json.dumps(missing, ensure_ascii=False, indent=1))
    print(f"# {len(missing)} to translate", file=sys.stderr)


def fill(path, translations_path):
    with open(translations_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    catalogue = polib.pofile(path)
    filled = 0
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            values = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(values))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        filled += 1
    catalogue.metadata.setdefault("Language", "vi")
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.save(path)
    left = [e.msgid for e in catalogue if e.msgid and (not e.translated() or e.fuzzy)]
    print(f"filled {filled}; still untranslated or fuzzy: {len(left)}")
    for msgid in left:
        print(f"  {msgid!r}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "todo":
        todo(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "fill":
        fill(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
