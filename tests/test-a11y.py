#!/usr/bin/python3
# test-a11y.py: Ferry's window as a screen reader sees it, from outside the
# process (issue 16)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the built `ferry --demo` with GTK's accessibility on (the suite
# turns it off with GTK_A11Y=none; this test drops that for the app), and
# reads its tree over AT-SPI on the test's D-Bus session (the a11y bus,
# at-spi-bus-launcher, is activated there on demand). It fails on any
# control a user can reach with the keyboard that has no accessible name,
# has its type name as its name ("GtkButton", "GtkToggleButton"…), or reads
# a label twice (a mnemonic "_Compare Compare"); and on progress bars
# without a name. Pages are reached through accessible actions only (the
# Action interface's "click"), as an assistive technology would.
#
# Needs python3-gi and gir1.2-atspi-2.0 (build-aux/ferry-dev installs
# them), a display and a D-Bus session (the suite runs under xvfb-run
# dbus-run-session). Output: TAP.
#
# Usage: test-a11y.py FERRY_BINARY

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as e:
    if os.environ.get('CI') == 'true':
        print('Bail out! AT-SPI bindings missing: %s' % e)
        sys.exit(1)
    print('1..0 # SKIP AT-SPI bindings missing (gir1.2-atspi-2.0): %s' % e)
    sys.exit(0)

# Controls the keyboard reaches, by AT-SPI role name.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'entry',
    'password text', 'spin button', 'combo box', 'page tab', 'slider',
    'link', 'menu item', 'check menu item', 'radio menu item', 'switch',
    'table', 'tree table', 'list', 'list box', 'text',
}
# Checked whether focusable or not.
ALWAYS_ROLES = {'progress bar', 'level bar'}

TYPE_NAME = re.compile(r'^(Gtk|Adw|Ferry)[A-Z][A-Za-z]*$')

# GTK-internal children that take the name of their parent: the list
# inside a GtkColumnView ("GtkColumnListView"). (An AdwComboRow's list of
# choices is the other one: see problem().)
INTERNAL = {'GtkColumnListView'}


def states(node):
    return {s.value_nick for s in node.get_state_set().get_states()}


# Rows of a table or list read by the names walk: they are made from one
# template, and reading hundreds over D-Bus takes minutes.
MAX_ROWS = 10


# Roles by node: a node keeps its role, and each question is a D-Bus
# round trip (GTK 4.8 offers no AT-SPI cache).
_roles = {}


def role_of(node):
    role = _roles.get(node)
    if role is None:
        role = _roles[node] = node.get_role_name()
    return role


def walk(node, path=()):
    """Yields (node, path of role:name) over NODE's subtree (the first
    MAX_ROWS rows of each table or list)."""
    try:
        role = role_of(node)
        name = node.get_name() or ''
    except Exception:  # a node that went away while walked
        return
    here = path + ('%s:%s' % (role, name),)
    yield node, here
    try:
        n = node.get_child_count()
    except Exception:
        return
    rows = 0
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
            if child is not None and role_of(child) in ('table row', 'list item'):
                rows += 1
                if rows > MAX_ROWS:
                    break
        except Exception:
            continue
        if child is not None:
            yield from walk(child, here)


def twice(name):
    """'_Compare Compare', 'Compare Compare': the same words read twice."""
    words = name.replace('_', '').split()
    n = len(words)
    return n >= 2 and n % 2 == 0 and words[:n // 2] == words[n // 2:]


def problem(node, path):
    role, name = path[-1].split(':', 1)      # as walk() read them
    name = name.strip()
    if role in ALWAYS_ROLES:
        pass
    elif role in CONTROL_ROLES and 'focusable' in states(node):
        pass
    else:
        return None
    parent = node.get_parent()
    if role == 'push button' and name == 'GtkToggleButton' and parent is not None \
       and role_of(parent) == 'combo box':
        # A GtkDropDown's own button: the combo box is what is announced.
        pname = (parent.get_name() or '').strip()
        return None if pname and not TYPE_NAME.match(pname) else 'its drop-down has no name'
    if role == 'list' and name == 'GtkListView' and any(
            p.startswith('combo box:') and not TYPE_NAME.match(p[len('combo box:'):])
            and p != 'combo box:' for p in path[:-1]):
        # An AdwComboRow's list of choices (in its popover): the named
        # combo box is what is announced.
        return None
    if role == 'list' and name == 'GtkListBox' and any(
            p.startswith('list item:') and p != 'list item:' for p in path[-4:-1]):
        # An AdwExpanderRow's list of its rows: the named expander row is
        # what is announced.
        return None
    if name in INTERNAL:
        parent = node.get_parent()
        pname = (parent.get_name() or '').strip() if parent else ''
        if pname and not TYPE_NAME.match(pname):
            return None
        return 'its column view has no name'
    if not name:
        return 'no name'
    if TYPE_NAME.match(name) or name.lower() == role:
        return 'its type name as its name'
    if twice(name):
        return 'its label read twice'
    return None


def problems(app):
    found = []
    for node, path in walk(app):
        why = problem(node, path)
        if why:
            found.append('%s (%s)' % (' > '.join(path[-4:]), why))
    return sorted(set(found))


def find(app, role, name, want_states=()):
    for node, _ in walk(app):
        try:
            if node.get_role_name() == role and (node.get_name() or '').strip() == name \
               and set(want_states) <= states(node):
                return node
        except Exception:
            continue
    return None


def use_session_a11y_bus():
    """Points this process and the apps it starts (AT_SPI_BUS_ADDRESS) at
    the accessibility bus of the test's own D-Bus session. Left alone,
    libatspi asks the X server first (the root window's AT_SPI_BUS), which
    the suite's earlier tests on the same display set to their own bus:
    then the test read another bus than the one ferry registered on (GTK
    asks the session bus first), and waited 30 s for nothing."""
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = session.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                              None, GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE, 10000, None)
    os.environ['AT_SPI_BUS_ADDRESS'] = reply.unpack()[0]


def app_with_pid(pid):
    """The application of process PID on the accessibility bus, or None."""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is not None and child.get_process_id() == pid:
            return child
    return None


def wait_for(fn, timeout):
    end = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.2)


def click(node):
    """The Action interface's first action ("click" for buttons and tabs)."""
    action = node.get_action_iface()
    assert action is not None, 'no Action interface on %s' % node.get_name()
    names = [action.get_action_name(i) for i in range(action.get_n_actions())]
    index = names.index('click') if 'click' in names else 0
    assert action.do_action(index)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, good, what, details=()):
        self.n += 1
        if not good:
            self.failed += 1
        print('%s %d - %s' % ('ok' if good else 'not ok', self.n, what))
        for line in details:
            print('# ' + line)
        sys.stdout.flush()


def main():
    ferry = sys.argv[1]
    base = os.environ.get('G_TEST_BUILDDIR', tempfile.gettempdir())
    home = tempfile.mkdtemp(prefix='a11y-home-', dir=base)
    use_session_a11y_bus()
    env = dict(os.environ)
    env.pop('GTK_A11Y', None)      # the suite's "none": on for the app
    env['HOME'] = home
    for var, sub in (('XDG_CONFIG_HOME', '.config'), ('XDG_DATA_HOME', '.local/share'),
                     ('XDG_STATE_HOME', '.local/state'), ('XDG_CACHE_HOME', '.cache')):
        env[var] = os.path.join(home, sub)
    env['LANGUAGE'] = 'C'

    Atspi.init()
    process = subprocess.Popen([ferry, '--demo'], env=env,
                               stdout=subprocess.DEVNULL)
    tap = Tap()
    print('1..4')
    try:
        app = wait_for(lambda: app_with_pid(process.pid), 30)
        assert app is not None, 'ferry never showed on the accessibility bus'

        # The demo is up when Compare can be pressed.
        compare = wait_for(lambda: find(app, 'push button', 'Compare', ('sensitive',)), 60)
        tap.ok(compare is not None, 'the demo shows a Compare button named "Compare"')

        found = problems(app)
        tap.ok(not found, 'every control of the Compare page has a name', found)

        if compare is not None:
            click(compare)
        tab = find(app, 'page tab', 'Migrations')
        if tab is not None:
            click(tab)
            wait_for(lambda: 'selected' in states(tab), 10)
        details = wait_for(lambda: find(app, 'push button', 'Details', ('sensitive',)), 30)
        found = problems(app)
        tap.ok(tab is not None and not found,
               'every control of the Migrations page has a name', found)

        if details is not None:
            click(details)
            time.sleep(0.5)  # the details slide in; nothing to wait on over AT-SPI
        found = problems(app)
        tap.ok(details is not None and not found,
               'every control of the migration details has a name', found)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(home, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
