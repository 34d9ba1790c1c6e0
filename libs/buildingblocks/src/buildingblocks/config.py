"""Settings read from the environment, with local defaults (contract: every port overridable)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

DEFAULT_PORTS = {"gateway": 8080, "hr": 8001, "finance": 8002, "assets": 8003, "fleet": 8004}
DEFAULT_WORKER_PORTS = {"gateway": 9080, "hr": 9001, "finance": 9002, "assets": 9003, "fleet": 9004}
# Secrets that were ever written in this repository: never good enough outside a local run.
KNOWN_DEFAULT_SECRETS = frozenset({
    "dev-internal-secret-change-me-0123456789",
    "test-internal-secret-0123456789abcdef",
    "dev-gateway-jwt-secret-change-me",
    "test-jwt-secret-0123456789abcdef0123",
    "change-me-jwt",
    "change-me-internal-token",
    "change-me", "secret", "changeme",
})
MIN_SECRET_LENGTH = 32


class InsecureSecret(RuntimeError):
    """A process was asked to start with a missing, known or short secret."""


def is_local_run() -> bool:
    """`OFFICE_ENV=local`: the developer's `make run`, which makes its own secrets."""
    return os.environ.get("OFFICE_ENV", "").strip().lower() == "local"


def check_secret(name: str, value: str | None) -> str:
    """`value` when it is fit to sign with; InsecureSecret otherwise (fail closed).

    Missing is always refused. A known default or one shorter than 32 characters is refused
    except in a local run (`OFFICE_ENV=local`).
    """
    if not value:
        raise InsecureSecret(f"{name} is not set: refusing to start without it")
    if is_local_run():
        return value
    if value in KNOWN_DEFAULT_SECRETS:
        raise InsecureSecret(f"{name} is a default written in the repository: set a secret of your own")
    if len(value) < MIN_SECRET_LENGTH:
        raise InsecureSecret(f"{name} is shorter than {MIN_SECRET_LENGTH} characters")
    return value


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
            internal_token_secret=env.get("INTERNAL_TOKEN_SECRET", ""),
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


@dataclass(frozen=True)
class ServiceConfig:
    """A service's configuration: its `settings` and, in a subclass, its business numbers.

    A service declares `class Config(ServiceConfig)` in its `config.py` with `SERVICE` and its
    fields (each default with its legal source and certainty mark), and overrides
    `from_settings` to read them with `settings.get("ENV_NAME", default, cast)`. Views read it
    with `buildingblocks.web.current_config()`, use cases and event handlers as `uow.config`.
    """

    SERVICE: ClassVar[str] = ""
    settings: Settings

    @classmethod
    def from_settings(cls, settings: Settings) -> "ServiceConfig":
        """The configuration read from `settings` (subclasses read their own numbers here)."""
        return cls(settings=settings)

    @classmethod
    def from_env(cls, **overrides: Any) -> "ServiceConfig":
        """The configuration of this process, from the environment (keyword arguments win)."""
        return cls.from_settings(Settings.from_env(cls.SERVICE, **overrides))

    @property
    def service(self) -> str:
        return self.settings.service
