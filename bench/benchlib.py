# SPDX-License-Identifier: GPL-3.0-or-later
#
# benchlib.py - what bench/run-imap-bench and bench/run-ui-bench share: the
# messages, the tool check, the release build, the test sandbox (start, seed,
# stop), the client configurations, the machine and version lines, and the
# watch on other work during the rounds. Standard library only.

"""Shared parts of the IMAP and mail-screen benchmarks."""

import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(BENCH)
SANDBOX = os.path.join(SRC, "test", "sandbox", "sandbox")

TIME = "/usr/bin/time"      # GNU time, for the peak RSS

# Users of the sandbox, one per folder size (the sandbox has two).
USERS = [("alice", "alice-secret"), ("bob", "bob-secret")]

PROG = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "bench"


def log(msg):
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def fail(msg):
    sys.exit(f"{PROG}: {msg}")


def run(argv, **kw):
    try:
        return subprocess.run(argv, check=True, **kw)
    except subprocess.CalledProcessError as e:
        fail(f"failed ({e.returncode}): {' '.join(argv)}")


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "taube-bench")


def write_private(path, text):
    """A new file of mode 600 (it holds a password); never overwrites."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------
# What is needed


def check_tools(needed, note):
    """Installs nothing: names what is missing and how to get it. needed is
    a list of (program, Debian package); GNU time and Dovecot are always
    needed."""
    sbin = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    missing = sorted({pkg for prog, pkg in needed if not shutil.which(prog)}
                     | (set() if os.access(TIME, os.X_OK) else {"time"}))
    if not shutil.which("dovecot", path=sbin):
        missing += ["dovecot-core", "dovecot-imapd"]
    if missing:
        fail("missing: " + " ".join(missing) + "\n  apt-get install "
             + " ".join(missing) + f"\n({note})")


def first_line(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True,
                             check=False).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def versions(extra):
    """taube's commit, Dovecot, mutt and neomutt, then extra (name: argv)."""
    sbin = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    dovecot = shutil.which("dovecot", path=sbin) or "dovecot"
    git = subprocess.run(["git", "-C", SRC, "describe", "--always", "--dirty"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True, check=False).stdout.strip()
    v = {"taube": git or "?",
         "dovecot": first_line([dovecot, "--version"]),
         "mutt": first_line(["mutt", "-v"]),
         "neomutt": first_line(["neomutt", "-v"])}
    for name, argv in extra.items():
        v[name] = first_line(argv)
    return v


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            mem = int(f.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": model, "nproc": os.cpu_count(), "mem_mib": mem,
            "kernel": platform.release(),
            "python": platform.python_version()}


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------
# Building


def build_option(build, name):
    try:
        with open(os.path.join(build, "meson-info", "intro-buildoptions.json"),
                  encoding="utf-8") as f:
            for opt in json.load(f):
                if opt["name"] == name:
                    return opt["value"]
    except (OSError, ValueError, KeyError):
        pass
    return None


def build_taube(build):
    if not os.path.exists(os.path.join(build, "build.ninja")):
        log(f"configuring a release build in {build}")
        run(["meson", "setup", build, SRC, "--buildtype=release",
             "-Doptimization=2", "-Db_sanitize=none", "-Dtests=false",
             "-Dfuzz=disabled"], stdout=subprocess.DEVNULL)
    run(["ninja", "-C", build, "src/taube"], stdout=subprocess.DEVNULL)
    return os.path.join(build, "src", "taube")


# --------------------------------------------------------------------------
# The sandbox


def sandbox_start(srv):
    """Starts a sandbox in srv; returns its env file as a dict."""
    log(f"starting a sandbox in {srv}")
    run([sys.executable, SANDBOX, "start", "-q", srv])
    env = {}
    with open(os.path.join(srv, "env"), encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = shlex.split(v)[0] if v else ""
    return env


def sandbox_seed(srv, user, count, seed):
    log(f"seeding {user}'s INBOX with {count} messages")
    run([sys.executable, SANDBOX, "seed", srv, user, "INBOX", str(count),
         "--seed", str(seed)])


def sandbox_stop(srv):
    if os.path.isdir(srv):
        subprocess.run([sys.executable, SANDBOX, "stop", srv], check=False)


def client_env(home):
    """A clean environment for the clients, everything under home."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home, "LANG": "C.UTF-8", "TERM": "xterm",
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CACHE_HOME": os.path.join(home, "cache")}


def taube_conf(path, host, port, user, password, ca):
    """taube's configuration: the password in the file (mode 600), so that
    no password_cmd process is counted."""
    write_private(path, f"[account bench]\nimap = imaps://{host}:{port}\n"
                  f"user = {user}\npassword = {password}\n"
                  f"ca_file = {ca}\n")


def muttrc(path, host, port, user, password, ca, hcdir, extra=""):
    """A muttrc for mutt or neomutt: IMAPS with the sandbox CA, the header
    cache in hcdir (a folder; None: no header cache), then extra lines."""
    write_private(path, f'set folder="imaps://{user}@{host}:{port}/"\n'
                  f'set spoolfile="+INBOX"\n'
                  f'set imap_pass="{password}"\n'
                  f'set ssl_ca_certificates_file="{ca}"\n'
                  f'set certificate_file="/dev/null"\n'
                  f'set header_cache="{hcdir + "/" if hcdir else ""}"\n'
                  'set sleep_time=0\n' + extra)


# --------------------------------------------------------------------------
# Other work on the machine


def busy_ticks():
    """CPU time processes have used so far, in clock ticks: user, nice and
    system (interrupt time, mostly this benchmark's own loopback traffic,
    is left out)."""
    with open("/proc/stat", encoding="ascii") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[0] + v[1] + v[2]


def group_ticks(pgid):
    """CPU ticks of the processes of a process group, with the children
    each has reaped: the sandbox's Dovecot master leads its own group and
    reaps its imap processes."""
    total = 0
    if not pgid:
        return 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        try:
            if int(fields[2]) == pgid:
                total += sum(int(x) for x in fields[11:15])
        except (ValueError, IndexError):
            pass
    return total


class CpuWatch:
    """How much CPU went to processes that are neither this benchmark, its
    children nor the process groups named (the sandbox's Dovecot, whose
    master reaps every imap process; a tmux server): other work on the
    machine that the timings suffered from."""

    def __init__(self, pgids):
        self.pgids = [int(p) for p in pgids if p]
        self.hz = os.sysconf("SC_CLK_TCK")
        self.t0 = time.monotonic()
        self.start = self.sample()

    def sample(self):
        t = os.times()
        ours = (t.user + t.system + t.children_user + t.children_system) * self.hz
        return busy_ticks(), ours + sum(group_ticks(p) for p in self.pgids)

    def others(self):
        """(CPU seconds used by others, wall seconds watched)."""
        busy, ours = self.sample()
        other = (busy - self.start[0]) - (ours - self.start[1])
        return max(0.0, other / self.hz), time.monotonic() - self.t0
