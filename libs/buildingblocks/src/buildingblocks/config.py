"""Settings read from the environment, with local defaults (contract: every port overridable)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

DEFAULT_PORTS = {"gateway": 8080, "hr": 8001, "finance": 8002, "assets": 8003, "fleet": 8004}
DEFAULT_WORKER_PORTS = {"gateway": 9080, "hr": 9001, "finance": 9002, "assets": 9003, "fleet": 9004}
DEV_SECRET = "dev-internal-secret-change-me-0123456789"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Settings:
    """Everything a process needs to know about its surroundings."""

    service: str
    database_url: str
    broker_url: str
    exchange: str
    queue_prefix: str
    internal_token_secret: str
    port: int
    worker_port: int
    log_level: str = "INFO"
    overrides: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, service: str, **overrides: Any) -> "Settings":
        """Read the settings of `service`; keyword arguments win over the environment (tests)."""
        env = os.environ
        root = env.get("OFFICE_VAR_DIR", "var")
        values = dict(
            service=service,
            database_url=env.get("DATABASE_URL", f"sqlite:///{root}/{service}.db"),
            broker_url=env.get("BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"),
            exchange=env.get("EVENTS_EXCHANGE", "office.events"),
            queue_prefix=env.get("QUEUE_PREFIX", ""),
            internal_token_secret=env.get("INTERNAL_TOKEN_SECRET", DEV_SECRET),
            port=int(env.get("PORT", DEFAULT_PORTS.get(service, 8000))),
            worker_port=int(env.get("WORKER_PORT", DEFAULT_WORKER_PORTS.get(service, 9000))),
            log_level=env.get("LOG_LEVEL", "INFO"),
        )
        known = {k: overrides.pop(k) for k in list(overrides) if k in values}
        values.update(known)
        return cls(**values, overrides=overrides)

    def get(self, name: str, default: Any = None, cast: Callable[[str], Any] | None = None) -> Any:
        """A service-specific setting: an override, else the environment, else the default."""
        if name in self.overrides:
            return self.overrides[name]
        raw = os.environ.get(name)
        if raw is None:
            return default
        if cast is bool:
            return _bool(raw)
        if cast is None and default is not None and not isinstance(default, str):
            cast = type(default)
        return cast(raw) if cast else raw

    def queue(self, suffix: str) -> str:
        """The name of one of this service's queues, e.g. `fleet.inbox`."""
        return f"{self.queue_prefix}{self.service}.{suffix}"
