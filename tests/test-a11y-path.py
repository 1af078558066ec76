#!/usr/bin/python3
# test-a11y-path.py: the core path, driven as a screen reader user would,
# from outside the process (issue 16)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the built `ferry --demo` with GTK's accessibility on and, over
# AT-SPI only (the Action interface; no key presses, no GTK call), goes
# compare → New Migration (the window's win.new-migration action) → Next →
# Next (the preview) → Run → the live page until the import is done →
# Undo → the confirmation's Undo → the live page until the undo is done.
# Each step waits, with a timeout, for what the accessibility tree says
# (names, descriptions, SENSITIVE/SHOWING), and every new window (the
# editor, its preview and live page, the undo question) passes the names
# walk of test-a11y.py (no focusable control without a name, none named
# by its type, none read twice; no progress bar without a name).
#
# Same needs and output (TAP) as test-a11y.py, whose helpers it uses.
#
# Usage: test-a11y-path.py FERRY_BINARY

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

_spec = importlib.util.spec_from_file_location(
    'a11y', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-a11y.py'))
a11y = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(a11y)      # prints "1..0 # SKIP" and exits without AT-SPI
Atspi = a11y.Atspi

DIFFER = re.compile(r'^\d+ differs?$')
DIFFER_WHY = re.compile(r'^Go to the next object that differs \(\d+ newer in Development, \d+ newer in Production\)$')


def name_of(node):
    try:
        return (node.get_name() or '').strip()
    except Exception:
        return ''


def role_of(node):
    try:
        return a11y.role_of(node)
    except Exception:
        return ''


# Subtrees the finds skip: a table's rows (the preview's hundreds), read
# only when a table itself is what is looked for.
ROWS = {'table', 'tree table'}


def first(root, test, into_tables=False):
    """The first node under ROOT (depth first) for which TEST is true."""
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            if test(node):
                return node
            if node is not root and not into_tables and role_of(node) in ROWS:
                continue
            n = node.get_child_count()
            children = [node.get_child_at_index(i) for i in range(n)]
        except Exception:   # gone while looked at
            continue
        stack.extend(c for c in reversed(children) if c is not None)
    return None


def names(root, role, limit=40):
    """The names of the first LIMIT nodes of ROLE under ROOT."""
    out = []
    first(root, lambda n: role_of(n) == role and out.append(name_of(n)) is None
          and len(out) >= limit, into_tables=True)
    return out


def button(root, name, want=('sensitive',)):
    """ROOT's visible, focusable button named NAME, with the states WANT."""
    return first(root, lambda n: role_of(n) == 'push button' and name_of(n) == name
                 and {'focusable', 'visible'} | set(want) <= a11y.states(n))


def label(root, text):
    return first(root, lambda n: role_of(n) == 'label' and name_of(n) == text)


class Failed(Exception):
    def __init__(self, what, shown=()):
        super().__init__(what)
        self.shown = list(shown)


def shown(root):
    """What ROOT says: its buttons and labels, for a failure's details."""
    out = []
    for n, _ in a11y.walk(root):
        try:
            role = role_of(n)
            if role in ('push button', 'label') and name_of(n) and not a11y.TYPE_NAME.match(name_of(n)):
                st = a11y.states(n)
                out.append('%s "%s"%s' % (role, name_of(n), '' if role == 'label' or 'sensitive' in st
                                          else ' (insensitive)'))
        except Exception:
            continue
    return out


def until(what, fn, timeout, scope=None):
    """FN's first true value within TIMEOUT seconds, or Failed saying WHAT
    (and what SCOPE shows)."""
    value = a11y.wait_for(fn, timeout)
    if not value:
        raise Failed('timed out (%d s) waiting for %s' % (timeout, what),
                     (['windows: ' + ', '.join(toplevels(scope))] if role_of(scope) == 'application'
                      else shown(scope)) if scope is not None else ())
    return value


def do_action(node, action_name):
    """The action ACTION_NAME of NODE's Action interface, performed."""
    action = node.get_action_iface()
    if action is None:
        raise Failed('%s has no Action interface' % name_of(node))
    all_names = [action.get_action_name(i) for i in range(action.get_n_actions())]
    if action_name not in all_names:
        raise Failed('%s has no action %s (it has %s)' % (name_of(node), action_name, all_names))
    if not action.do_action(all_names.index(action_name)):
        raise Failed('%s: %s refused' % (name_of(node), action_name))


def toplevel(app, name):
    """APP's window or dialog named NAME that is SHOWING."""
    def find():
        for i in range(app.get_child_count()):
            child = app.get_child_at_index(i)
            if child is not None and name_of(child) == name and 'showing' in a11y.states(child):
                return child
        return None
    return find


def ancestors(node):
    out = []
    while node is not None and role_of(node) != 'application':
        out.append(node)
        node = node.get_parent()
    return out


def common(a, b):
    """The lowest common ancestor of A and B: the part of a window that
    holds both (a page), for a names walk of that page alone."""
    mine = ancestors(a)
    theirs = ancestors(b)
    for node in mine:
        if any(node == other for other in theirs):
            return node
    return mine[-1]


def others(app):
    """APP's windows other than the main window and the editor: dialogs."""
    out = []
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        try:
            if child is not None and name_of(child) not in ('Ferry', 'New Migration') \
               and 'visible' in a11y.states(child):
                out.append(child)
        except Exception:   # gone while looked at
            continue
    return out


def toplevels(app):
    out = []
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        if child is not None:
            out.append('%s:%s' % (role_of(child), name_of(child)))
    return out


def main():
    ferry = sys.argv[1]
    base = os.environ.get('G_TEST_BUILDDIR', tempfile.gettempdir())
    home = tempfile.mkdtemp(prefix='a11y-path-home-', dir=base)
    a11y.use_session_a11y_bus()
    env = dict(os.environ)
    env.pop('GTK_A11Y', None)      # the suite's "none": on for the app
    env['HOME'] = home
    for var, sub in (('XDG_CONFIG_HOME', '.config'), ('XDG_DATA_HOME', '.local/share'),
                     ('XDG_STATE_HOME', '.local/state'), ('XDG_CACHE_HOME', '.cache')):
        env[var] = os.path.join(home, sub)
    env['LANGUAGE'] = 'C'

    Atspi.init()
    started = time.monotonic()
    process = subprocess.Popen([ferry, '--demo'], env=env, stdout=subprocess.DEVNULL)
    tap = a11y.Tap()
    steps = 9
    print('1..%d' % steps)

    def check_names(root, what):
        found = a11y.problems(root)
        tap.ok(not found, 'every control of %s has a name' % what, found)
        mark('names walk of %s' % what)

    def mark(what):
        print('# %5.1f s: %s' % (time.monotonic() - started, what))
        sys.stdout.flush()

    try:
        app = until('ferry on the accessibility bus', lambda: a11y.app_with_pid(process.pid), 30)
        window = until('the main window', toplevel(app, 'Ferry'), 10)

        # 1. Compare, once both demo projects are open (the button is
        #    sensitive), and the summary says what differs.
        compare = until('a sensitive Compare button', lambda: button(window, 'Compare'), 60)
        do_action(compare, 'click')
        path_started = time.monotonic()
        mark('compare pressed')
        differ = until('the summary button of the differences',
                       lambda: first(window, lambda n: role_of(n) == 'push button'
                                     and DIFFER.match(name_of(n))
                                     and 'sensitive' in a11y.states(n)), 60)
        description = differ.get_description() or ''
        mark('compared')
        tap.ok(DIFFER_WHY.match(description) is not None,
               'the compare result is announced: "%s", "%s"' % (name_of(differ), description))

        # 2. New Migration, through the window's action: the editor, a
        #    project merge, on its first step.
        do_action(window, 'win.new-migration')
        editor = until('the New Migration window', toplevel(app, 'New Migration'), 15)
        mark('editor shown')
        until('"Step 1 of 3: What"', lambda: label(editor, 'Step 1 of 3: What'), 10, editor)
        kind = first(editor, lambda n: role_of(n) == 'combo box' and name_of(n) == 'Kind')
        tap.ok(kind is not None and label(kind, 'Project merge') is not None
               and button(editor, 'Back', want=()) is not None
               and 'sensitive' not in a11y.states(button(editor, 'Back', want=())),
               'the editor opens on step 1, a project merge, Back insensitive',
               ['windows: %s' % ', '.join(toplevels(app))])
        check_names(editor, 'the editor (What, Rules, Preview, live pages)')

        # 3. Next: the rules, the default explained.
        do_action(until('a sensitive Next', lambda: button(editor, 'Next'), 10, editor), 'click')
        until('"Step 2 of 3: Rules"', lambda: label(editor, 'Step 2 of 3: Rules'), 10, editor)
        until('the default rule explained',
              lambda: first(editor, lambda n: role_of(n) == 'label' and name_of(n).startswith(
                  'Suggested: what is newer in the source comes over')), 5)

        # 4. Next: the preview, a named table whose rows name their
        #    outcome; Run sensitive.
        do_action(until('a sensitive Next', lambda: button(editor, 'Next'), 10, editor), 'click')
        until('"Step 3 of 3: Preview"', lambda: label(editor, 'Step 3 of 3: Preview'), 10, editor)
        run = until('a sensitive Run', lambda: button(editor, 'Run'), 60, editor)
        mark('preview, Run sensitive')
        table = until('the preview table with its rows',
                      lambda: first(editor, lambda n: role_of(n) in ROWS
                                    and name_of(n) == 'Preview'
                                    and first(n, lambda r: role_of(r) == 'table row'
                                              and label(r, 'Keep existing') is not None,
                                              into_tables=True)), 60)
        headers = names(table, 'label')
        tap.ok(all(h in headers for h in ('Outcome', 'Name', 'Folder', 'Type', 'Rule')),
               'the preview is a table named "Preview" with its columns and outcomes',
               ['labels: %s' % ', '.join(headers[:12])])
        preflight = until('the checks before running',
                          lambda: first(editor, lambda n: role_of(n) == 'list'
                                        and name_of(n) == 'Before Running'), 10, editor)
        check_names(common(table, preflight), 'the preview page')

        # 5. Run: the live page, until the import is done; Undo offered.
        do_action(run, 'click')
        mark('Run pressed')
        title = until('"Imported into Production"',
                      lambda: label(editor, 'Imported into Production'), 45, editor)
        undo = until('a sensitive Undo', lambda: button(editor, 'Undo'), 10, editor)
        mark('imported')
        tap.ok(button(editor, 'Show in Migrations') is not None,
               'the live page says "Imported into Production" and offers Undo and Show in Migrations')
        check_names(common(title, undo), 'the live page')

        # 6. Undo asks first; its Undo undoes.
        do_action(undo, 'click')
        question = until('the undo question', lambda: others(app), 10, app)[0]
        check_names(question, 'the undo question "%s"' % name_of(question))
        mark('question')
        do_action(until('the question\'s Undo', lambda: button(question, 'Undo'), 5), 'click')
        until('the question gone', lambda: not others(app), 10)
        until('"Undone: Production is back as it was"',
              lambda: label(editor, 'Undone: Production is back as it was'), 45)
        elapsed = time.monotonic() - path_started
        tap.ok(elapsed < 60, 'the path is undone, in %.1f s from Compare (at most 60; %.1f s in all)'
               % (elapsed, time.monotonic() - started))
    except Failed as e:
        tap.ok(False, str(e), e.shown)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(home, ignore_errors=True)
    while tap.n < steps:
        tap.ok(False, 'not reached')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
