#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Timing helpers for bench/library.sh (python3, standard library only).

  timing.py start [--runs N] [--timeout S] [--rows R] [--cols C] -- CMD...
      Start CMD in a new pseudo-terminal of R x C (24 x 80) with
      TERM=xterm-256color, as a user's terminal would, N times (5). Each
      run: the time from just before the fork until the output holds
      "articles" (the list's status line, "1,234 articles"; the locale
      must be an English one) = the first screen of the list; then "q" is
      sent and the time until the program has exited is taken too. "q" is
      not sent before the first screen: with input pending, curses may
      put off drawing, and the first screen would never be seen. A run
      that has not painted within S seconds (600) is killed, counted as
      timed out, and the remaining runs are skipped; so are they when one
      run took over 10 s (the figure would not change, the wait would).
      Prints one line per run and a summary line:
        start: paint median M ms, exit median E ms, cpu median C ms,
        peak rss K KB, runs N
      cpu is the program's user + system time from launch to exit, which
      a busy machine does not stretch; peak rss the largest ru_maxrss of
      the runs (both from os.wait4).

  timing.py screen [--timeout S] [--rows R] [--cols C] [--regex 1]
                   --until TEXT -- CMD...
      Start CMD once in a private tmux server (a terminal emulator: the
      screen as the user sees it, where the byte stream of "start" may
      hold only the cells that changed) and poll the screen every 20 ms
      until it shows TEXT, e.g. "10000 articles" (a cold start: the list
      holds them all); then send "q" and wait for the end. Prints
        screen: until M ms
      or "screen: timed out after S s" (the program is killed). With
      --regex 1, TEXT is a Python regular expression: a cold start's
      first rows are any date, '[0-9]{4}-[0-9]{2}-[0-9]{2}'.

  timing.py key [--runs N] [--timeout S] [--rows R] [--cols C]
                [--key K] [--at paint|launch] --until TEXT -- CMD...
      The first key answered. As "start", N times (5): from just before
      the fork, the time until the output holds "articles" (the first
      screen, "paint"); then the key K ("?") is sent and the time until
      the output written after it holds TEXT (e.g. "Keys in the article
      list", the help screen's title) is taken: "answered", from launch.
      With --at launch the key is written to the terminal right after
      the fork, before the program reads anything, and TEXT is looked
      for in all of the output (with input pending, curses may never
      draw the first screen; its time is then not known). The program
      is then ended with SIGTERM (it saves and quits, as on q). Prints
      one line per run and a summary line:
        key: paint median P ms, answered median A ms, cpu median C ms,
        peak rss K KB, runs N

  timing.py time [--runs N] -- CMD...
      Run CMD (output to /dev/null) N times (5), print
        time: median M ms, min A ms, max B ms, cpu C ms, runs N,
        written W MB
      cpu is the median user + system time of CMD and its children;
      written the median of the bytes they wrote to the disk
      ("write_bytes" of /proc/self/io, which counts the children waited
      for; 0 where the kernel does not count them).
"""
import os
import pty
import re
import select
import signal
import shutil
import statistics
import struct
import subprocess
import tempfile
import sys
import termios
import fcntl
import time


def parse(argv):
    """Split argv into options (a dict of ints) and the command."""
    opts = {"runs": 5, "timeout": 600, "rows": 24, "cols": 80, "until": "",
            "key": "?", "at": "paint", "regex": 0}
    text = ("until", "key", "at")
    i = 0
    while i < len(argv) and argv[i] != "--":
        key = argv[i].lstrip("-")
        if key not in opts or i + 1 >= len(argv):
            sys.exit("timing.py: bad option " + argv[i])
        opts[key] = (argv[i + 1] if key in text
                     else int(argv[i + 1]))
        i += 2
    cmd = argv[i + 1:]
    if not cmd:
        sys.exit("timing.py: no command after --")
    return opts, cmd


def spawn(cmd, rows, cols):
    """Fork cmd on a new pty of rows x cols; return (pid, master fd)."""
    env = dict(os.environ, TERM="xterm-256color", LINES=str(rows),
               COLUMNS=str(cols))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ,
                struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def read_until(fd, needle, deadline, seen):
    """Read fd into seen (a bytearray) until needle is in it, the output
    ends, or the monotonic deadline passes; return whether it was seen."""
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        seen += chunk
    return True


def drain(fd):
    """Read what the child still writes until it closes the pty."""
    while True:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def start_once(cmd, opts):
    """One run; return (paint ms or None, exit ms or None, cpu ms,
    maxrss KB)."""
    t0 = time.monotonic()
    pid, fd = spawn(cmd, opts["rows"], opts["cols"])
    seen = bytearray()
    painted = read_until(fd, b"articles", t0 + opts["timeout"], seen)
    t1 = time.monotonic()
    if painted:
        os.write(fd, b"q")
    else:
        os.kill(pid, signal.SIGKILL)
    drain(fd)
    _, status, usage = os.wait4(pid, 0)
    t2 = time.monotonic()
    os.close(fd)
    ok = painted and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    if painted and not ok:
        sys.stderr.write("timing.py: %s exited with status %d\n"
                         % (cmd[0], status))
    return ((t1 - t0) * 1e3 if painted else None,
            (t2 - t0) * 1e3 if ok else None,
            (usage.ru_utime + usage.ru_stime) * 1e3, usage.ru_maxrss)


def start(opts, cmd):
    """The start subcommand."""
    paints, exits, cpus, rss = [], [], [], 0
    for i in range(opts["runs"]):
        paint, done, cpu, maxrss = start_once(cmd, opts)
        rss = max(rss, maxrss)
        if paint is None:
            print("run %d: no first screen within %d s (killed)"
                  % (i + 1, opts["timeout"]))
            break
        print("run %d: paint %.1f ms, exit %s, cpu %.1f ms, rss %d KB"
              % (i + 1, paint, "%.1f ms" % done if done else "failed",
                 cpu, maxrss))
        paints.append(paint)
        cpus.append(cpu)
        if done is not None:
            exits.append(done)
        if paint > 10000:
            break
    if not paints:
        print("start: timed out after %d s" % opts["timeout"])
        return 1
    print("start: paint median %.1f ms, exit median %s, cpu median %.1f ms,"
          " peak rss %d KB, runs %d"
          % (statistics.median(paints),
             "%.1f ms" % statistics.median(exits) if exits else "none",
             statistics.median(cpus), rss, len(paints)))
    return 0


def written():
    """Return the bytes this process and its waited-for children wrote to
    the disk, or 0 when the kernel does not say."""
    try:
        with open("/proc/self/io") as f:
            for line in f:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def key_once(cmd, opts):
    """One run of the key subcommand; return (paint ms or None,
    answered ms or None, cpu ms, maxrss KB)."""
    deadline = time.monotonic() + opts["timeout"]
    t0 = time.monotonic()
    pid, fd = spawn(cmd, opts["rows"], opts["cols"])
    seen, after = bytearray(), bytearray()
    paint = answered = None
    if opts["at"] == "launch":
        os.write(fd, opts["key"].encode())
        if read_until(fd, opts["until"].encode(), deadline, seen):
            answered = (time.monotonic() - t0) * 1e3
    elif read_until(fd, b"articles", deadline, seen):
        paint = (time.monotonic() - t0) * 1e3
        os.write(fd, opts["key"].encode())
        if read_until(fd, opts["until"].encode(), deadline, after):
            answered = (time.monotonic() - t0) * 1e3
    os.kill(pid, signal.SIGTERM if answered is not None else signal.SIGKILL)
    drain(fd)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    return (paint, answered, (usage.ru_utime + usage.ru_stime) * 1e3,
            usage.ru_maxrss)


def key(opts, cmd):
    """The key subcommand."""
    if not opts["until"] or opts["at"] not in ("paint", "launch"):
        sys.exit("timing.py key: needs --until TEXT; --at paint or launch")
    paints, answers, cpus, rss = [], [], [], 0
    for i in range(opts["runs"]):
        paint, answered, cpu, maxrss = key_once(cmd, opts)
        rss = max(rss, maxrss)
        if answered is None:
            print("run %d: key not answered within %d s (killed)"
                  % (i + 1, opts["timeout"]))
            break
        print("run %d: paint %s, answered %.1f ms, cpu %.1f ms, rss %d KB"
              % (i + 1, "%.1f ms" % paint if paint else "not seen",
                 answered, cpu, maxrss))
        if paint is not None:
            paints.append(paint)
        answers.append(answered)
        cpus.append(cpu)
    if not answers:
        print("key: timed out after %d s" % opts["timeout"])
        return 1
    print("key: paint median %s, answered median %.1f ms, cpu median %.1f ms,"
          " peak rss %d KB, runs %d"
          % ("%.1f ms" % statistics.median(paints) if paints else "none",
             statistics.median(answers), statistics.median(cpus), rss,
             len(answers)))
    return 0


def timed(opts, cmd):
    """The time subcommand."""
    times, cpus, writes = [], [], []
    with open(os.devnull, "wb") as null:
        for _ in range(opts["runs"]):
            w0 = written()
            t0 = time.monotonic()
            pid = os.fork()
            if pid == 0:
                os.dup2(null.fileno(), 1)
                try:
                    os.execvp(cmd[0], cmd)
                finally:
                    os._exit(127)
            _, status, usage = os.wait4(pid, 0)
            times.append((time.monotonic() - t0) * 1e3)
            cpus.append((usage.ru_utime + usage.ru_stime) * 1e3)
            writes.append(written() - w0)
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 127:
                sys.exit("timing.py: cannot run " + cmd[0])
    print("time: median %.1f ms, min %.1f ms, max %.1f ms, cpu %.1f ms,"
          " runs %d, written %.1f MB"
          % (statistics.median(times), min(times), max(times),
             statistics.median(cpus), len(times),
             statistics.median(writes) / 1e6))
    return 0


def screen(opts, cmd):
    """The screen subcommand."""
    if not opts["until"] or shutil.which("tmux") is None:
        sys.exit("timing.py screen: needs --until TEXT and tmux")
    tmp = tempfile.mkdtemp(prefix="timing.")
    tmux = ["tmux", "-S", os.path.join(tmp, "sock"), "-f", os.devnull]
    env = dict(os.environ, TERM="xterm-256color")
    inner = " ".join("'" + a.replace("'", "'\\''") + "'" for a in cmd)
    t0 = time.monotonic()
    subprocess.run(tmux + ["-u", "new-session", "-d", "-s", "t",
                           "-x", str(opts["cols"]), "-y", str(opts["rows"]),
                           "TERM=xterm-256color " + inner],
                   env=env, check=True)
    shown = None
    want = re.compile(opts["until"].encode() if opts["regex"]
                      else re.escape(opts["until"].encode()))
    while time.monotonic() - t0 < opts["timeout"]:
        out = subprocess.run(tmux + ["capture-pane", "-p", "-t", "t"],
                             capture_output=True, env=env).stdout
        if want.search(out):
            shown = (time.monotonic() - t0) * 1e3
            break
        time.sleep(0.02)
    if shown is not None:
        subprocess.run(tmux + ["send-keys", "-t", "t", "q"], env=env)
        # Until the session is gone (the program quit), for a minute at
        # most: a "tmux wait-for" on a signal sent before it asked could
        # hang for good.
        end = time.monotonic() + 60
        while time.monotonic() < end and subprocess.run(
                tmux + ["has-session", "-t", "t"], env=env,
                capture_output=True).returncode == 0:
            time.sleep(0.05)
        print("screen: until %.1f ms" % shown)
    else:
        print("screen: timed out after %d s" % opts["timeout"])
    subprocess.run(tmux + ["kill-server"], env=env, capture_output=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if shown is not None else 1


def main():
    modes = {"start": start, "time": timed, "screen": screen, "key": key}
    if len(sys.argv) < 2 or sys.argv[1] not in modes:
        sys.exit("usage: timing.py start|screen|key|time [OPTIONS] -- CMD...")
    opts, cmd = parse(sys.argv[2:])
    return modes[sys.argv[1]](opts, cmd)


if __name__ == "__main__":
    sys.exit(main())
