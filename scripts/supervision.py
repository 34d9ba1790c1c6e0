"""The one-machine process supervisor: supervisord runs the platform's ten processes.

A process that dies is restarted (supervisord logs it; one that keeps dying at start-up is retried
with a growing delay, 1 s more each time, then marked FATAL) while the others keep serving. `make run`
(SQLite) and the one-machine install with PostgreSQL (docs/operations.md) both run through here, and
so do the tests and the chaos runs that kill processes on purpose.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

VENV_BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


@dataclass(frozen=True)
class Program:
    """One supervised process: `name` is how supervisorctl and the logs call it."""

    name: str
    command: list[str]
    directory: Path
    environment: dict[str, str] = field(default_factory=dict)  # on top of supervisord's own environment
    log: Path | None = None  # None: supervisord's standard output (make run); else this file


def _quote(value: str) -> str:
    # supervisord expands %(name)s in its config and reads KEY="value" pairs: escape both
    return '"' + value.replace("%", "%%").replace("\\", "\\\\").replace('"', '\\"') + '"'


def supervisor_conf(programs: list[Program], var_dir: Path) -> str:
    """supervisord.conf for `programs`; its socket, pid file and own log live in `var_dir`."""
    var_dir = Path(var_dir)
    lines = [
        "; made by scripts/supervision.py: edit the programs there, not here",
        "[supervisord]",
        "nodaemon=true",
        f"logfile={var_dir / 'supervisord.log'}",
        f"pidfile={var_dir / 'supervisord.pid'}",
        f"childlogdir={var_dir}",
        "loglevel=info",
        "",
        "[unix_http_server]",
        f"file={var_dir / 'sv.sock'}",
        "chmod=0700",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{var_dir / 'sv.sock'}",
    ]
    for program in programs:
        command = " ".join(program.command)
        lines += [
            "",
            f"[program:{program.name}]",
            f"command={command.replace('%', '%%')}",
            f"directory={program.directory}",
            "autostart=true",
            "autorestart=true",  # whatever the exit: a process of this platform never ends on its own
            "startsecs=2",  # alive this long counts as started; an earlier death is retried with back-off
            "startretries=10",
            "stopsignal=TERM",
            "stopwaitsecs=30",  # the web servers' graceful timeouts (gunicorn's 20 s, the gateway's WEB_GRACEFUL_TIMEOUT 20 s) fit in
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
        ]
        if program.log is None:
            lines += ["stdout_logfile=/dev/fd/1", "stdout_logfile_maxbytes=0"]
        else:
            lines += [f"stdout_logfile={program.log}", "stdout_logfile_maxbytes=50MB", "stdout_logfile_backups=2"]
        if program.environment:
            lines.append("environment=" + ",".join(f"{k}={_quote(v)}" for k, v in sorted(program.environment.items())))
    return "\n".join(lines) + "\n"


class Supervisor:
    """supervisord for a list of programs: start it, ask it, kill a child, stop it all."""

    def __init__(self, programs: list[Program], var_dir: Path, env: dict[str, str] | None = None,
                 stdout=None):
        self.programs = programs
        self.var_dir = Path(var_dir)
        self.env = env if env is not None else dict(os.environ)
        self.stdout = stdout
        self.process: subprocess.Popen | None = None

    @property
    def conf_path(self) -> Path:
        return self.var_dir / "supervisord.conf"

    def start(self) -> "Supervisor":
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.conf_path.write_text(supervisor_conf(self.programs, self.var_dir))
        self.process = subprocess.Popen([str(VENV_BIN / "supervisord"), "-c", str(self.conf_path)], env=self.env,
                                        stdout=self.stdout, stderr=subprocess.STDOUT if self.stdout else None,
                                        start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.rpc().getState()
                return self
            except (OSError, xmlrpc.client.Fault):
                if self.process.poll() is not None:
                    raise RuntimeError(f"supervisord exited with {self.process.returncode}")
                time.sleep(0.1)
        raise RuntimeError("supervisord did not answer on its socket within 20 s")

    def rpc(self):
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.var_dir / 'sv.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def info(self, name: str) -> dict:
        """supervisord's view of one program: statename (RUNNING, STARTING, BACKOFF...), pid, start."""
        return self.rpc().getProcessInfo(name)

    def pid(self, name: str) -> int:
        return int(self.info(name)["pid"])

    def kill9(self, name: str) -> int:
        """SIGKILL one program's process (as a crash would); returns the pid that was killed."""
        pid = self.pid(name)
        if pid:
            os.kill(pid, signal.SIGKILL)
        return pid

    def stop_program(self, name: str) -> None:
        self.rpc().stopProcess(name, True)

    def start_program(self, name: str) -> None:
        self.rpc().startProcess(name, True)

    def wait(self) -> int:
        return self.process.wait() if self.process else 0

    def terminate(self) -> None:
        """Ask supervisord to stop everything and exit, without waiting (safe in a signal handler)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 45) -> None:
        """SIGTERM to supervisord: it stops every program gracefully, then exits."""
        if self.process is None or self.process.poll() is not None:
            return
        try:  # each program runs in its own process group: remember them in case supervisord hangs
            children = [int(info["pid"]) for info in self.rpc().getAllProcessInfo() if info["pid"]]
        except (OSError, xmlrpc.client.Fault):
            children = []
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for pid in children:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
