#!/usr/bin/env python3
# test-ferryctl.py: ferryctl against two ferry-sandbox servers (suite "cli")
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# No display, no D-Bus: every ferryctl runs with DBUS_SESSION_BUS_ADDRESS
# and DISPLAY removed. Each command human and --json (the JSON parsed and
# asserted against what the sandboxes hold), every exit code, SIGINT during
# a run then --resume to imported, the password never in argv nor in any
# output with G_MESSAGES_DEBUG=all. TAP output.

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# argv: FERRYCTL SANDBOX [HELPER], or the same from the environment
FERRYCTL = sys.argv[1] if len(sys.argv) > 1 else os.environ["FERRYCTL_BIN"]
SANDBOX = sys.argv[2] if len(sys.argv) > 2 else os.environ["FERRY_SANDBOX_BIN"]
HELPER = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("FERRYCTL_HELPER_BIN")
PROJECT = "MicroStrategy Tutorial"
MIGRATOR_PASSWORD = "Ferry-Migr8!"
ARCHITECT_PASSWORD = "Arch1tect!"

tmp = tempfile.mkdtemp(prefix="ferryctl-test-")
servers = []
results = []


def start_sandbox(name, seed, storage, delay=0):
    state = os.path.join(tmp, name)
    os.makedirs(state, exist_ok=True)
    args = [SANDBOX, "--port", "0", "--state", state, "--shared-storage", storage,
            "--seed", seed, "--name", name]
    if delay:
        args += ["--work-delay-ms", str(delay)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    assert line.startswith("Listening on "), line
    servers.append(proc)
    return line.split(" ", 2)[2].strip()


def base_env():
    env = dict(os.environ)
    for var in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "GSETTINGS_BACKEND"):
        env.pop(var, None)
    # no session bus to find at $XDG_RUNTIME_DIR/bus either: no dconf, no keyring
    env["XDG_RUNTIME_DIR"] = os.path.join(tmp, "runtime")
    env["DEV_PW"] = ""
    env["PROD_PW"] = ""
    env["ARCH_PW"] = ARCHITECT_PASSWORD
    env["NO_COLOR"] = "1"
    return env


def ferryctl(*args, env=None, stdin=None, files=None, expect=None):
    cmd = [FERRYCTL, "--environments", files or ENVS] + list(args)
    proc = subprocess.run(cmd, env=env or base_env(), input=stdin, capture_output=True, text=True, timeout=120)
    if expect is not None and proc.returncode != expect:
        raise AssertionError("%s: exit %d, expected %d\nstdout: %s\nstderr: %s"
                             % (" ".join(args), proc.returncode, expect, proc.stdout, proc.stderr))
    return proc


def ferryctl_json(*args, expect=0, **kw):
    proc = ferryctl("--json", *args, expect=expect, **kw)
    data = json.loads(proc.stdout)
    assert data["ferryctl"] == 1
    assert data["exit-code"] == expect, data
    assert data["ok"] == (expect == 0), data
    if expect != 0:
        assert data["error"]["message"], data
    else:
        assert data["error"] is None, data
    return data


def write_envs(path, groups):
    with open(path, "w") as f:
        for name, values in groups.items():
            f.write("[%s]\n" % name)
            for k, v in values.items():
                f.write("%s=%s\n" % (k, v))
            f.write("\n")


def test(func):
    results.append(func)
    return func


storage = os.path.join(tmp, "storage")
os.makedirs(storage)
os.makedirs(os.path.join(tmp, "runtime"), mode=0o700)
DEV = start_sandbox("Development", "tutorial-dev", storage)
PROD = start_sandbox("Production", "tutorial-prod", storage, delay=4)
ENVS = os.path.join(tmp, "environments.ini")
write_envs(ENVS, {
    "Development": {"url": DEV, "user": "administrator", "password-env": "DEV_PW"},
    "Production": {"url": PROD, "user": "administrator", "password-env": "PROD_PW"},
})
ARCH_ENVS = os.path.join(tmp, "architect.ini")
write_envs(ARCH_ENVS, {
    "Development": {"url": DEV, "user": "architect", "password-env": "ARCH_PW"},
    "Production": {"url": PROD, "user": "architect", "password-env": "ARCH_PW"},
})
MERGE = os.path.join(tmp, "merge.json")
state = {}


# --- environments, help ------------------------------------------------------

@test
def environments():
    human = ferryctl("environments", expect=0)
    assert "Development" in human.stdout and DEV in human.stdout and "file" in human.stdout
    data = ferryctl_json("environments")
    names = {e["name"]: e for e in data["environments"]}
    assert set(names) == {"Development", "Production"}
    assert names["Production"]["url"] == PROD
    assert names["Production"]["origin"] == "file"
    assert names["Production"]["password-source"] == "password-env"


@test
def help_and_version():
    for command in ("run", "migrations", "plan", "compare", "import"):
        proc = subprocess.run([FERRYCTL, command, "--help"], capture_output=True, text=True, env=base_env())
        assert proc.returncode == 0 and "Examples:" in proc.stdout and "Exit codes:" in proc.stdout, proc
    proc = subprocess.run([FERRYCTL, "--version"], capture_output=True, text=True, env=base_env())
    assert proc.returncode == 0 and proc.stdout.startswith("ferryctl ")


@test
def saved_environments():
    if HELPER is None:
        raise SkipTest("no helper")
    env = base_env()
    env["GSETTINGS_BACKEND"] = "keyfile"
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "saved-config")
    subprocess.run([HELPER, "save-environments", DEV, PROD], env=env, check=True, timeout=60)
    # the window's list alone (no --environments)
    proc = subprocess.run([FERRYCTL, "--json", "environments"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    names = {e["name"]: e for e in json.loads(proc.stdout)["environments"]}
    assert names["Development"]["origin"] == "saved" and names["Development"]["url"] == DEV
    assert names["Production"]["login-mode"] == "ldap" and names["Production"]["user"] == "ldapuser"
    assert names["Production"]["password-source"] == "keyring"
    # no keyring without D-Bus: not fatal, a clear authentication error
    proc = subprocess.run([FERRYCTL, "--json", "migrations", "Production"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "--password-env" in json.loads(proc.stdout)["error"]["message"]
    # the LDAP password from a variable works with the saved definition
    proc = subprocess.run([FERRYCTL, "--password-env", "LDAP_PW", "--json", "migrations", "Production"],
                          env=dict(env, LDAP_PW="ldap-pass"), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # a file merges with the saved list: its values win
    proc = subprocess.run([FERRYCTL, "--environments", ENVS, "--json", "environments"], env=env,
                          capture_output=True, text=True, timeout=60)
    names = {e["name"]: e for e in json.loads(proc.stdout)["environments"]}
    assert names["Production"]["origin"] == "saved, file" and names["Production"]["user"] == "administrator"


@test
def demo_and_man_page():
    proc = subprocess.run([FERRYCTL, "--demo", "--json", "migrations"], env=base_env(), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["migrations"] == []
    demo_dir = proc.stderr.split("(state in ")[1].split(")")[0]
    assert not os.path.exists(demo_dir), demo_dir  # removed at the end
    proc = subprocess.run([FERRYCTL, "--demo", "compare", "Development:" + PROJECT, "Production"],
                          env=base_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "newer in the source" in proc.stdout, proc.stderr
    # ferryctl(1) comes from the same table as --help
    man = subprocess.run([FERRYCTL, "--generate-man"], capture_output=True, text=True, env=base_env()).stdout
    overview = subprocess.run([FERRYCTL, "--help"], capture_output=True, text=True, env=base_env()).stdout
    commands = [line.split()[0] for line in overview.split("Commands:")[1].split("\n\n")[0].splitlines() if line.strip()]
    assert len(commands) == 14, commands
    for command in commands:
        assert '.SS "ferryctl %s' % command.replace("-", "\\-") in man, command
        summary = subprocess.run([FERRYCTL, command, "--help"], capture_output=True, text=True,
                                 env=base_env()).stdout.splitlines()
        assert summary[1].strip().startswith("ferryctl %s [OPTION" % command), summary
        assert summary[3].strip() and summary[3].strip().replace("-", "\\-") in man, summary
    for code in ("0  success", "3  the pre", "5  a server"):
        assert code.replace("-", "\\-") in man


@test
def bash_completion():
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "ferryctl.bash-completion")
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir, exist_ok=True)
    if not os.path.exists(os.path.join(bindir, "ferryctl")):
        os.symlink(os.path.abspath(FERRYCTL), os.path.join(bindir, "ferryctl"))

    def complete(line):
        words = line.split(" ")
        program = 'source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; _ferryctl; printf "%%s\\n" "${COMPREPLY[@]}"' % (
            script, " ".join("'%s'" % w for w in words), len(words) - 1)
        env = dict(base_env(), PATH=bindir + ":" + os.environ["PATH"])
        proc = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("ferryctl mi") == ["migrations"]
    assert sorted(complete("ferryctl run --de")) == ["--demo", "--detach"]
    assert "project_merge" in complete("ferryctl migrations --purpose ")
    assert complete("ferryctl --environments %s migrations Pro" % ENVS) == ["Production"]
    assert complete("ferryctl -e %s plan " % ENVS) == ["new"]


# --- usage errors: exit 2 ------------------------------------------------------

@test
def exit_usage():
    assert subprocess.run([FERRYCTL, "frobnicate"], capture_output=True, env=base_env()).returncode == 2
    assert subprocess.run([FERRYCTL], capture_output=True, env=base_env()).returncode == 2
    assert ferryctl("migrations", "--no-such-option").returncode == 2
    data = ferryctl_json("migrations", "Staging", expect=2)
    assert "Staging" in data["error"]["message"]
    ferryctl_json("show", expect=2)
    ferryctl("run", os.path.join(tmp, "missing.json"), expect=2)
    ferryctl("migrations", "--since", "yesterday-ish", expect=2)


# --- authentication: exit 4; unreachable: exit 5 ------------------------------------

@test
def exit_auth():
    env = base_env()
    env["PROD_PW"] = "wrong"
    data = ferryctl_json("migrations", "Production", env=env, expect=4)
    assert "wrong" not in json.dumps(data)
    env = base_env()
    del env["PROD_PW"]
    data = ferryctl_json("migrations", "Production", env=env, expect=4)
    assert "PROD_PW" in data["error"]["message"]


@test
def exit_unreachable():
    path = os.path.join(tmp, "down.ini")
    write_envs(path, {"Down": {"url": "http://127.0.0.1:9/MicroStrategyLibrary", "user": "x", "password-env": "DEV_PW"}})
    data = ferryctl_json("migrations", "Down", files=path, expect=5)
    assert data["error"]["message"]


# --- plan new, compare, preview --------------------------------------------------

@test
def plan_compare_preview():
    proc = ferryctl("plan", "new", "--merge", "Development:" + PROJECT, "Production:" + PROJECT, expect=0)
    plan = json.loads(proc.stdout)
    assert plan["format"] == "ferry-plan" and plan["kind"] == "project_merge"
    assert plan["source"]["environment"]["name"] == "Development"
    assert plan["target"]["project"]["name"] == PROJECT
    with open(MERGE, "w") as f:
        f.write(proc.stdout)

    human = ferryctl("compare", "Development:" + PROJECT, "Production", "--differences", expect=0)
    assert "newer in the source" in human.stdout
    data = ferryctl_json("compare", "Development:" + PROJECT, "Production:" + PROJECT)
    counts = data["counts"]
    assert counts["only-in-source"] > 0 and counts["identical"] > 0
    assert len(data["differences"]) == sum(v for k, v in counts.items() if k != "identical") or \
        len(data["differences"]) >= counts["only-in-source"]
    new_ids = [d["id"] for d in data["differences"] if d["state"] == "only-in-source"]
    state["new_id"] = new_ids[0]
    state["new_type"] = [d["type"] for d in data["differences"] if d["id"] == new_ids[0]][0]

    data = ferryctl_json("preview", MERGE)
    assert len(data["items"]) > 0
    assert all(i["outcome"] for i in data["items"])
    assert any(i["rule"] for i in data["items"])
    human = ferryctl("preview", MERGE, expect=0)
    assert len(human.stdout.splitlines()) >= len(data["items"])

    proc = ferryctl("plan", "new", "--objects", state["new_id"], "--default-action", "replace",
                    "Development:" + PROJECT, "Production:" + PROJECT, expect=0)
    plan = json.loads(proc.stdout)
    assert plan["kind"] == "object_migration"
    assert [c["id"] for c in plan["content"]] == [state["new_id"]]
    assert plan["content"][0]["action"] == "replace"
    state["objects_plan"] = os.path.join(tmp, "objects.json")
    with open(state["objects_plan"], "w") as f:
        f.write(proc.stdout)
    ferryctl("plan", "new", "--objects", "DEADBEEF", "Development:" + PROJECT, "Production:" + PROJECT, expect=2)
    ferryctl("plan", "new", "--merge", "--default-action", "sideways", "Development:" + PROJECT,
             "Production:" + PROJECT, expect=2)


# --- run, migrations, show ---------------------------------------------------------

@test
def run_to_imported():
    data = ferryctl_json("run", state["objects_plan"])
    migration = data["migration"]
    assert migration["state"] == "imported", migration
    assert migration["target"]["environment"] == "Production"
    assert all(c["status"] != "failed" for c in data["preflight"])
    state["imported"] = migration["id"]

    data = ferryctl_json("migrations", "--status", "imported")
    assert state["imported"] in [m["id"] for m in data["migrations"]]
    data = ferryctl_json("migrations", "--purpose", "project_merge")
    assert state["imported"] not in [m["id"] for m in data["migrations"]]
    data = ferryctl_json("migrations", "--since", "2999-01-01")
    assert data["migrations"] == []
    human = ferryctl("migrations", "Production", expect=0)
    assert state["imported"] in human.stdout and "imported" in human.stdout

    data = ferryctl_json("show", state["imported"])
    assert data["migration"]["id"] == state["imported"]
    assert data["migration"]["import-status"] == "imported"
    human = ferryctl("show", state["imported"], expect=0)
    assert "imported" in human.stdout and "Production" in human.stdout
    ferryctl_json("show", "0123456789ABCDEF0123456789ABCDEF:0123456789ABCDEF0123456789ABCDEF", expect=1)


@test
def exit_preflight_refused():
    # the architect may only request: without --request-only pre-flight refuses
    data = ferryctl_json("run", MERGE, files=ARCH_ENVS, expect=3)
    assert "--request-only" in data["error"]["message"]
    assert any(c["status"] in ("note", "failed") for c in data["preflight"])
    # an import that duplicates objects (keep_both) asks for --no-undo-check
    proc = ferryctl("plan", "new", "--objects", state["new_id"], "--default-action", "keep_both",
                    "Development:" + PROJECT, "Production:" + PROJECT, expect=0)
    path = os.path.join(tmp, "keep-both.json")
    with open(path, "w") as f:
        f.write(proc.stdout)
    human = ferryctl("run", path, expect=3)
    assert "--no-undo-check" in human.stderr, human.stderr
    before = ferryctl_json("migrations")["migrations"]
    data = ferryctl_json("run", path, expect=3)
    assert data["migration"] is None if "migration" in data else True
    assert len(ferryctl_json("migrations")["migrations"]) == len(before)  # nothing was created


@test
def request_approve_reject():
    data = ferryctl_json("run", state["objects_plan"], "--request-only", files=ARCH_ENVS)
    requested = data["migration"]
    assert requested["state"] == "import_requested", requested
    assert requested["import-request-status"] == "requested"
    human = ferryctl("run", state["objects_plan"], "--request-only", files=ARCH_ENVS, expect=0)
    assert "ferryctl approve" in human.stdout
    second = human.stdout.split("ferryctl approve ")[1].split()[0]

    # the architect may not approve
    ferryctl("approve", requested["id"], files=ARCH_ENVS, expect=1)
    data = ferryctl_json("approve", requested["id"])
    assert data["migration"]["state"] == "imported", data["migration"]

    data = ferryctl_json("reject", second)
    assert data["migration"]["import-request-status"] == "rejected", data["migration"]
    ferryctl("reject", second, expect=1)  # waits for nothing now
    state["rejected"] = second


@test
def download_and_import():
    path = os.path.join(tmp, "package.mmp")
    data = ferryctl_json("download", state["imported"], path)
    assert data["bytes"] > 0 and os.path.getsize(path) == data["bytes"]
    undo = os.path.join(tmp, "undo.mmp")
    data = ferryctl_json("download", "--undo", state["imported"], undo)
    assert os.path.getsize(undo) > 0
    data = ferryctl_json("import", path, "Production:" + PROJECT)
    assert data["import"]["status"] == "imported" and data["import"]["project"] == PROJECT
    ferryctl("import", path, "Production", expect=2)


@test
def validate_undo_delete():
    data = ferryctl_json("validate", state["rejected"])
    assert data["migration"]["validation-status"] == "validated", data["migration"]
    data = ferryctl_json("validate", state["imported"], expect=1)
    assert "created" in data["error"]["message"]

    data = ferryctl_json("undo", state["imported"])
    assert data["migration"]["import-status"] == "undo_success", data["migration"]
    data = ferryctl_json("delete", state["rejected"])
    listed = ferryctl_json("migrations")
    assert state["rejected"] not in [m["id"] for m in listed["migrations"]]


@test
def terminal_colours_quiet():
    import pty
    env = base_env()
    del env["NO_COLOR"]

    def on_terminal(extra_env):
        master, slave = pty.openpty()
        proc = subprocess.Popen([FERRYCTL, "--environments", ENVS, "migrations", "Production"],
                                env=dict(env, **extra_env), stdout=slave, stderr=slave)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
        os.close(master)
        assert proc.returncode == 0
        return out.decode()

    coloured = on_terminal({})
    assert "\033[" in coloured and state["imported"] in coloured
    plain = on_terminal({"NO_COLOR": "1"})
    assert "\033[3" not in plain and state["imported"] in plain
    # not a terminal: no colours, no progress bar (plain lines)
    piped = ferryctl("migrations", "Production", env=env, expect=0)
    assert "\033[" not in piped.stdout + piped.stderr and "\r" not in piped.stderr
    quiet = ferryctl("--quiet", "migrations", "Production", expect=0)
    assert quiet.stdout == "" and quiet.stderr == ""


# --- SIGINT, resume, passwords --------------------------------------------------------

def migrator_files():
    path = os.path.join(tmp, "migrator.ini")
    write_envs(path, {
        "Development": {"url": DEV, "user": "migrator"},
        "Production": {"url": PROD, "user": "migrator"},
    })
    return path


@test
def sigint_then_resume():
    env = base_env()
    env["G_MESSAGES_DEBUG"] = "all"
    files = migrator_files()
    proc = subprocess.Popen([FERRYCTL, "--environments", files, "--password-stdin", "run", MERGE,
                             "--no-undo-check"], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(MIGRATOR_PASSWORD + "\n")
    proc.stdin.flush()
    # the password never in argv
    with open("/proc/%d/cmdline" % proc.pid, "rb") as f:
        assert MIGRATOR_PASSWORD.encode() not in f.read()
    err_lines = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        err_lines.append(line)
        if "Importing" in line:
            with open("/proc/%d/cmdline" % proc.pid, "rb") as f:
                assert MIGRATOR_PASSWORD.encode() not in f.read()
            proc.send_signal(signal.SIGINT)
            break
    out, rest = proc.communicate(timeout=60)
    err = "".join(err_lines) + rest
    assert proc.returncode == 130, (proc.returncode, err)
    assert "ferryctl run --resume " in err, err
    assert MIGRATOR_PASSWORD not in out and MIGRATOR_PASSWORD not in err
    migration_id = err.split("ferryctl run --resume ")[1].split()[0]

    proc = subprocess.run([FERRYCTL, "--environments", files, "--password-env", "MIGR_PW", "--json",
                           "run", "--resume", migration_id],
                          env=dict(env, MIGR_PW=MIGRATOR_PASSWORD), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["migration"]["id"] == migration_id
    assert data["migration"]["state"] == "imported", data["migration"]
    assert MIGRATOR_PASSWORD not in proc.stdout and MIGRATOR_PASSWORD not in proc.stderr


@test
def undo_requested_then_approved():
    data = ferryctl_json("run", state["objects_plan"], "--no-undo-check")
    migration_id = data["migration"]["id"]
    # the architect may request the undo, not approve it: it stays requested
    data = ferryctl_json("undo", migration_id, files=ARCH_ENVS, expect=1)
    shown = ferryctl_json("show", migration_id)["migration"]
    assert shown["undo-request-status"] == "requested", shown
    # an administrator's approve is the undo's
    data = ferryctl_json("approve", migration_id)
    assert data["migration"]["import-status"] == "undo_success", data["migration"]


@test
def run_to_another_environment():
    path = os.path.join(tmp, "staging.ini")
    write_envs(path, {
        "Development": {"url": DEV, "user": "administrator", "password-env": "DEV_PW"},
        "Staging": {"url": PROD, "user": "administrator", "password-env": "PROD_PW"},
    })
    data = ferryctl_json("run", state["objects_plan"], "--to", "Staging", "--no-undo-check", files=path)
    assert data["migration"]["state"] == "imported", data["migration"]
    assert data["migration"]["target"]["environment-id"] == PROD + "/", data["migration"]
    ferryctl("run", state["objects_plan"], "--to", "Nowhere", files=path, expect=2)


@test
def password_typed_on_a_terminal():
    import pty
    files = migrator_files()
    master, slave = pty.openpty()
    proc = subprocess.Popen([FERRYCTL, "--environments", files, "--password-stdin", "migrations", "Development"],
                            env=base_env(), stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    import select
    out = b""
    deadline = time.time() + 30
    try:
        while b"Password: " not in out:
            assert time.time() < deadline and select.select([master], [], [], 30)[0], out
            out += os.read(master, 1024)
        os.write(master, (MIGRATOR_PASSWORD + "\n").encode())
        while True:
            assert time.time() < deadline and select.select([master], [], [], 30)[0], out
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, out
    assert MIGRATOR_PASSWORD.encode() not in out, out  # not echoed


@test
def detach():
    data = ferryctl_json("run", state["objects_plan"], "--detach")
    assert data["detached"] is True
    migration_id = data["migration"]["id"]
    data = ferryctl_json("show", migration_id)
    assert data["migration"]["id"] == migration_id
    data = ferryctl_json("run", "--resume", migration_id)
    assert data["migration"]["state"] == "imported"


@test
def window_plan_and_monitor():
    if HELPER is None:
        raise SkipTest("no helper")
    env = base_env()
    env["GSETTINGS_BACKEND"] = "keyfile"
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    plan = os.path.join(tmp, "window-plan.json")
    subprocess.run([HELPER, "save-plan", plan, DEV, PROD, state["new_id"], str(state["new_type"])], env=env, check=True, timeout=60)
    # unchanged: the window's file, run as it is
    proc = subprocess.run([FERRYCTL, "--environments", ENVS, "--json", "run", plan, "--no-undo-check"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = json.loads(proc.stdout)["migration"]
    assert ran["state"] == "imported", ran
    # and the window lists it
    listed = ferryctl_json("migrations", "Production", env=env)
    assert ran["id"] in [m["id"] for m in listed["migrations"]]
    proc = subprocess.run([FERRYCTL, "--environments", ENVS, "--json", "run", plan, "--detach"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    migration_id = json.loads(proc.stdout)["migration"]["id"]
    # the window's engine finds it, goes on with it (unfinished-migrations) to imported
    subprocess.run([HELPER, "monitor", migration_id, DEV, PROD], env=env, check=True, timeout=120)


class SkipTest(Exception):
    pass


def main():
    # meson's timeout sends SIGTERM: stop the sandboxes and remove the folder
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(1))
    print("1..%d" % len(results))
    failed = 0
    try:
        for n, func in enumerate(results, 1):
            try:
                func()
                print("ok %d %s" % (n, func.__name__))
            except SkipTest as e:
                print("ok %d %s # SKIP %s" % (n, func.__name__, e))
            except Exception as e:
                failed += 1
                print("not ok %d %s" % (n, func.__name__))
                for line in repr(e).splitlines() + str(e).splitlines():
                    print("# " + line)
            sys.stdout.flush()
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


sys.exit(main())
