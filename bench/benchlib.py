"""Shared pieces of the side-by-side benchmarks (bench/scripting, ...):
starting redis-server and a miniRedis binary on free ports, RESP framing
and parsing, CPU and memory readings from /proc. Python 3 standard
library only."""

import os
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
RECV = 256 * 1024


def die(tool, message):
    print(f"{tool}: {message}", file=sys.stderr)
    sys.exit(1)


class Failed(Exception):
    """A workload went wrong; the message says how, for the report."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def target_dir():
    env = os.environ.get("CARGO_TARGET_DIR")
    if env:
        return env if os.path.isabs(env) else os.path.join(ROOT, env)
    return os.path.join(ROOT, "target")


def build(binary):
    print(f"building {binary} (release)...", flush=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", binary, "--bin", binary],
        cwd=ROOT,
        check=True,
    )


def cmd(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) / TICKS


class ServerProc:
    def __init__(self, tool, name, argv, port, poll=0.05):
        """Starts `argv` and returns once `port` accepts connections,
        trying every `poll` seconds (a benchmark timing start-up passes a
        short one)."""
        self.name = name
        self.port = port
        # stderr goes to a file: a pipe nobody reads could fill and stall it.
        # A tool's name such as "bench/streams" holds a slash: not in a file name.
        prefix = f"{tool}-{name}-".replace("/", "-")
        self.log = tempfile.NamedTemporaryFile(prefix=prefix, suffix=".log", delete=False)
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 10
        while True:
            if self.proc.poll() is not None:
                die(tool, f"{name} exited with status {self.proc.returncode} before listening")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    die(tool, f"{name} did not listen on port {port} within 10 s")
                time.sleep(poll)

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:  # stopping twice is harmless
            self.log.close()
            os.unlink(self.log.name)


def pinned(args, cpu, argv):
    return argv if args.unpinned else ["taskset", "-c", str(cpu)] + argv


def start_redis(tool, args):
    port = free_port()
    argv = [
        "redis-server", "--port", str(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
    ]
    return ServerProc(tool, "redis", pinned(args, args.server_cpu, argv), port)


def start_mini(tool, args, path):
    port = free_port()
    return ServerProc(tool, "miniRedis",
                      pinned(args, args.server_cpu, [path, "--port", str(port)]), port)


def parse(buf, pos=0):
    """(value, end) of the RESP2 reply at buf[pos:], or None if incomplete.
    Arrays become lists, bulk strings bytes, errors raise Failed."""
    nl = buf.find(b"\r\n", pos)
    if nl < 0:
        return None
    tag, head = buf[pos:pos + 1], buf[pos + 1:nl]
    if tag == b"+":
        return head, nl + 2
    if tag == b"-":
        raise Failed(f"error reply: {head.decode(errors='replace')}")
    if tag == b":":
        return int(head), nl + 2
    n = int(head)
    if tag == b"$":
        if n < 0:
            return None, nl + 2
        end = nl + 2 + n
        return (buf[nl + 2:end], end + 2) if len(buf) >= end + 2 else None
    if tag == b"*":
        if n < 0:
            return None, nl + 2
        items, pos = [], nl + 2
        for _ in range(n):
            got = parse(buf, pos)
            if got is None:
                return None
            item, pos = got
            items.append(item)
        return items, pos
    raise Failed(f"not a RESP reply: {buf[pos:pos + 80]!r}")


def call(sock, *args):
    """One command on a blocking socket; its parsed reply."""
    sock.sendall(cmd(*args))
    buf = b""
    while True:
        got = parse(buf) if buf else None
        if got is not None:
            return got[0]
        data = sock.recv(RECV)
        if not data:
            raise Failed(f"server closed the connection after {args[0]}")
        buf += data


def connect(port, timeout):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def mini_binary(tool, args):
    """The miniRedis binary to measure: --binary, or the release build of
    --runtime (built first unless --no-build)."""
    binary = f"miniredis-{args.runtime}"
    if args.binary:
        path = os.path.abspath(args.binary)
    else:
        if not args.no_build:
            build(binary)
        path = os.path.join(target_dir(), "release", binary)
    if not os.path.exists(path):
        die(tool, f"{path} not found (build it or drop --no-build)")
    return path


def add_server_arguments(parser):
    """The flags every side-by-side benchmark takes."""
    parser.add_argument("--runtime", choices=["smol", "async-std"], default="smol")
    parser.add_argument("--binary", metavar="PATH", help="use this miniRedis binary; build nothing")
    parser.add_argument("--no-build", action="store_true", help="use the release binary as built")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds one run may take before it counts as failed")
    parser.add_argument("--unpinned", action="store_true")
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
