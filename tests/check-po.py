#!/usr/bin/env python3
# check-po.py SRCDIR: the translation is complete and up to date.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when
#  - a file of src/ with marked strings (_(), N_(), C_(), NC_(), ngettext(),
#    g_dngettext(), translatable="yes") or a data file with translatable
#    content is not listed in po/POTFILES.in;
#  - a translatable string of a listed file is not in po/de.po (the template
#    is made again, in a temporary folder, with xgettext from POTFILES.in, as
#    `meson compile ferry-pot` makes it): run ferry-pot and ferry-update-po,
#    then translate;
#  - po/de.po has untranslated or fuzzy messages, or msgfmt --check fails;
#  - (test 2) a language of help/LINGUAS has no help/LANG/LANG.po, or it
#    lacks a message of the help's pages (help/C/*.page; the template is
#    made with itstool, as `meson compile help-ferry-pot` makes it: run
#    help-ferry-pot and help-ferry-update-po, then translate), or has
#    untranslated or fuzzy messages, or msgfmt --check fails.
# A missing gettext tool skips (exit 77), or fails under CI=true; so does a
# missing itstool for test 2.

import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# The keywords of meson's i18n 'glib' preset that src/ uses.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]

MARKED_C = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(\s*"')
MARKED_UI = re.compile(r'translatable="yes"')


def fail_or_skip(message):
    if os.environ.get('CI') == 'true':
        print(f'Bail out! {message}')
        sys.exit(1)
    print(f'1..0 # SKIP {message}')
    sys.exit(SKIP)


def po_entries(path):
    """(msgctxt, msgid) -> list of msgstr, and the set of fuzzy keys, of a PO file."""
    entries = {}
    fuzzy = set()
    ctxt = msgid = None
    strs = []
    flags = ''
    key = None

    def unquote(text):
        return bytes(text.strip()[1:-1], 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')

    def flush():
        nonlocal ctxt, msgid, strs, flags
        if msgid is not None and msgid != '':
            entries[(ctxt, msgid)] = strs
            if 'fuzzy' in flags:
                fuzzy.add((ctxt, msgid))
        ctxt = msgid = None
        strs = []
        flags = ''

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                flush()     # entries are separated by blank lines
                continue
            if line.startswith('#~'):
                continue
            if line.startswith('#,'):
                flags += line
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                kw, text = m.group(1), unquote(m.group(2))
                if kw == 'msgctxt':
                    ctxt = text
                    key = 'ctxt'
                elif kw == 'msgid':
                    msgid = text
                    key = 'id'
                elif kw == 'msgid_plural':
                    key = 'plural'
                else:
                    strs.append(text)
                    key = 'str'
            elif line.startswith('"'):
                text = unquote(line)
                if key == 'ctxt':
                    ctxt += text
                elif key == 'id':
                    msgid += text
                elif key == 'str':
                    strs[-1] += text
    flush()
    return entries, fuzzy


def marked_files(srcdir):
    found = []
    for folder, _dirs, files in os.walk(os.path.join(srcdir, 'src')):
        rel_folder = os.path.relpath(folder, srcdir)
        if rel_folder.startswith(os.path.join('src', 'sandbox')):
            continue    # the test server: not translated
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith('.c'):
                pattern = MARKED_C
            elif name.endswith('.ui'):
                pattern = MARKED_UI
            else:
                continue
            with open(path, encoding='utf-8') as f:
                if pattern.search(f.read()):
                    found.append(os.path.relpath(path, srcdir))
    data = os.path.join(srcdir, 'data')
    for name in os.listdir(data):
        if name.endswith('.desktop.in') or name.endswith('.metainfo.xml.in') or name.endswith('.gschema.xml'):
            found.append(os.path.join('data', name))
    return sorted(found)


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    podir = os.path.join(srcdir, 'po')
    problems = []

    for tool in ('xgettext', 'msgfmt'):
        if shutil.which(tool) is None:
            fail_or_skip(f'{tool} is missing (install gettext)')

    with open(os.path.join(podir, 'POTFILES.in'), encoding='utf-8') as f:
        potfiles = [line.strip() for line in f if line.strip() and not line.startswith('#')]
    for path in potfiles:
        if not os.path.exists(os.path.join(srcdir, path)):
            problems.append(f'po/POTFILES.in lists {path}, which does not exist')
    for path in marked_files(srcdir):
        if path not in potfiles:
            problems.append(f'{path} has translatable strings but is not in po/POTFILES.in')

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'ferry.pot')
        listed = [p for p in potfiles if os.path.exists(os.path.join(srcdir, p))]
        files_from = os.path.join(tmp, 'POTFILES')
        with open(files_from, 'w', encoding='utf-8') as f:
            f.write('\n'.join(listed) + '\n')
        run = subprocess.run(['xgettext', *XGETTEXT_ARGS, '--directory', srcdir,
                              '--files-from', files_from, '--output', pot],
                             capture_output=True, text=True)
        if run.returncode != 0:
            problems.append('xgettext failed: ' + run.stderr.strip())
            template = {}
        else:
            template, _ = po_entries(pot)

    linguas = read_linguas(os.path.join(podir, 'LINGUAS'))
    if 'de' not in linguas:
        problems.append('po/LINGUAS does not list de')

    for lang in linguas:
        problems += check_po(srcdir, os.path.join('po', f'{lang}.po'), template,
                             'run ferry-pot and ferry-update-po, then translate it')

    print('1..2')
    failed = report(problems, 1, 'the translation is complete and up to date',
                    f'{len(template)} messages, all in every translation')
    failed |= check_help(srcdir)
    return 1 if failed else 0


def read_linguas(path):
    linguas = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            linguas += line.split('#')[0].split()
    return linguas


def check_po(srcdir, rel, template, how):
    """What is wrong with the translation REL against TEMPLATE."""
    po = os.path.join(srcdir, rel)
    problems = []
    if not os.path.exists(po):
        return [f'{rel} is missing (its language is in LINGUAS)']
    entries, fuzzy = po_entries(po)
    missing = [k for k in template if k not in entries]
    for ctxt, msgid in missing[:20]:
        problems.append(f'{rel} lacks “{msgid}”' + (f' (context {ctxt})' if ctxt else '') + f': {how}')
    if len(missing) > 20:
        problems.append(f'… and {len(missing) - 20} more messages missing from {rel}')
    for ctxt, msgid in sorted(fuzzy, key=lambda k: k[1])[:20]:
        problems.append(f'{rel}: “{msgid}” is fuzzy')
    untranslated = [k for k, strs in entries.items() if not strs or any(s == '' for s in strs)]
    for ctxt, msgid in untranslated[:20]:
        problems.append(f'{rel}: “{msgid}” is not translated')

    stats = subprocess.run(['msgfmt', '--check', '--statistics', '--output-file', os.devnull, po],
                           capture_output=True, text=True)
    if stats.returncode != 0:
        problems.append(f'msgfmt --check {rel} failed:\n{stats.stderr.strip()}')
    elif 'fuzzy' in stats.stderr or 'untranslated' in stats.stderr:
        problems.append(f'{rel}: {stats.stderr.strip()}')
    else:
        print(f'# {rel}: {stats.stderr.strip()}')
    return problems


def report(problems, number, what, good):
    if problems:
        for p in problems:
            print('# ' + p.replace('\n', '\n# '))
        print(f'not ok {number} - {what}')
        return True
    print(f'ok {number} - {good}')
    return False


def check_help(srcdir):
    """Test 2: every language of help/LINGUAS translates every message of
    the Mallard pages of help/C."""
    helpdir = os.path.join(srcdir, 'help')
    what = 'the help\'s translation is complete and up to date'
    if shutil.which('itstool') is None:
        if os.environ.get('CI') == 'true':
            print(f'not ok 2 - {what} # itstool is missing (CI=true: a failure)')
            return True
        print(f'ok 2 # SKIP itstool is missing')
        return False
    problems = []
    pages = sorted(os.path.join('C', name) for name in os.listdir(os.path.join(helpdir, 'C'))
                   if name.endswith('.page'))
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'help.pot')
        run = subprocess.run(['itstool', '-o', pot, *pages], cwd=helpdir, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append('itstool failed: ' + run.stderr.strip())
            template = {}
        else:
            template, _ = po_entries(pot)
    if not os.path.exists(os.path.join(helpdir, 'LINGUAS')):
        problems.append('help/LINGUAS is missing')
        linguas = []
    else:
        linguas = read_linguas(os.path.join(helpdir, 'LINGUAS'))
    if 'de' not in linguas:
        problems.append('help/LINGUAS does not list de')
    for lang in linguas:
        problems += check_po(srcdir, os.path.join('help', lang, f'{lang}.po'), template,
                             'run help-ferry-pot and help-ferry-update-po, then translate it')
    return report(problems, 2, what, f'{len(template)} messages of {len(pages)} help pages, '
                  'all in every translation')


if __name__ == '__main__':
    sys.exit(main())
