"""The gateway's settings, read once per process from the environment (or test overrides)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from datetime import timedelta
from pathlib import Path

from buildingblocks.attachment_routes import MULTIPART_OVERHEAD
from buildingblocks.attachments import MAX_BYTES as ATTACHMENT_MAX_BYTES
from buildingblocks.config import ServiceConfig, Settings, check_secret

from gateway.domain.throttle import LoginLimits, ThrottlePolicy

SERVICE = "gateway"
# The repository's root in a source checkout (`make run`); the image sets WEB_DIST_DIR.
REPOSITORY = Path(__file__).resolve().parents[3]

# The services the gateway routes to, and their local default addresses (contract: ports).
SERVICE_DEFAULT_URLS = {
    "hr": "http://127.0.0.1:8001",
    "finance": "http://127.0.0.1:8002",
    "assets": "http://127.0.0.1:8003",
    "fleet": "http://127.0.0.1:8004",
}
def checked_secret(name: str, value: str | None) -> str:
    """`value` when fit to sign with; `InsecureSecret` (the process must not start) otherwise:
    missing always, a known default or shorter than 32 characters outside `OFFICE_ENV=local`."""
    value = check_secret(name, value)
    return value


@dataclass(frozen=True)
class Config(ServiceConfig):
    """Everything the gateway's own code reads; each value is an environment variable."""

    SERVICE: ClassVar[str] = SERVICE

    jwt_secret: str
    token_ttl_seconds: int
    token_issuer: str
    token_audience: str
    service_urls: dict[str, str]
    upstream_connect_timeout: float
    upstream_read_timeout: float
    upstream_pool_size: int
    principal_cache_seconds: float
    internal_token_ttl: int
    internal_token_reuse_seconds: float
    login_free_failures_per_pair: int
    login_free_failures_per_user: int
    login_delay_base_seconds: float
    login_delay_max_seconds: float
    login_forget_after_seconds: int
    trusted_proxy_hops: int
    audit_flush_seconds: float
    audit_batch_size: int
    openapi_cache_seconds: float
    openapi_fetch_timeout: float
    max_request_bytes: int
    max_upload_bytes: int
    metrics_port: int | None
    session_ttl_seconds: int
    inbox_timeout_seconds: float
    web_dist_dir: str

    def login_limits(self) -> LoginLimits:
        """The login throttle's two policies."""
        forget = timedelta(seconds=self.login_forget_after_seconds)
        base, cap = self.login_delay_base_seconds, self.login_delay_max_seconds
        return LoginLimits(
            per_pair=ThrottlePolicy(self.login_free_failures_per_pair, base, cap, forget),
            per_user=ThrottlePolicy(self.login_free_failures_per_user, base, cap, forget),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> "Config":
        """Read every gateway setting; defaults suit a local run. Refuses (`InsecureSecret`) a
        missing, known or short JWT_SECRET or INTERNAL_TOKEN_SECRET (issue 10, finding 5)."""
        get = settings.get
        checked_secret("INTERNAL_TOKEN_SECRET", settings.internal_token_secret)
        return cls(
            settings=settings,
            jwt_secret=checked_secret("JWT_SECRET", get("JWT_SECRET", "")),
            # One working session; a longer-lived login is a refresh flow we do not offer yet.
            token_ttl_seconds=get("TOKEN_TTL_SECONDS", 3600, int),
            token_issuer=get("TOKEN_ISSUER", "office-gateway"),
            token_audience=get("TOKEN_AUDIENCE", "office-api"),
            service_urls={
                service: get(f"{service.upper()}_URL", url).rstrip("/")
                for service, url in SERVICE_DEFAULT_URLS.items()
            },
            upstream_connect_timeout=get("UPSTREAM_CONNECT_TIMEOUT", 2.0, float),
            upstream_read_timeout=get("UPSTREAM_READ_TIMEOUT", 30.0, float),
            # At least the worker's thread count, so a request never waits for a connection.
            upstream_pool_size=get("UPSTREAM_POOL_SIZE", 32, int),
            # The issue allows at most about a second between an HR event and its effect.
            principal_cache_seconds=get("PRINCIPAL_CACHE_SECONDS", 1.0, float),
            internal_token_ttl=get("INTERNAL_TOKEN_TTL", 60, int),
            internal_token_reuse_seconds=get("INTERNAL_TOKEN_REUSE_SECONDS", 10.0, float),
            # Growing delays instead of lock-outs (issue 10, finding 4; domain/throttle.py): a few
            # free failures for a username from one address, more for the username from anywhere,
            # then 1, 2, 4 ... s, never more than the maximum, so the owner always gets in soon.
            login_free_failures_per_pair=get("LOGIN_FREE_FAILURES_PER_PAIR", 3, int),
            login_free_failures_per_user=get("LOGIN_FREE_FAILURES_PER_USER", 10, int),
            login_delay_base_seconds=get("LOGIN_DELAY_BASE_SECONDS", 1.0, float),
            login_delay_max_seconds=get("LOGIN_DELAY_MAX_SECONDS", 8.0, float),
            login_forget_after_seconds=get("LOGIN_FORGET_AFTER_SECONDS", 900, int),
            trusted_proxy_hops=get("TRUSTED_PROXY_HOPS", 0, int),
            audit_flush_seconds=get("AUDIT_FLUSH_SECONDS", 1.0, float),
            audit_batch_size=get("AUDIT_BATCH_SIZE", 500, int),
            openapi_cache_seconds=get("OPENAPI_CACHE_SECONDS", 30.0, float),
            openapi_fetch_timeout=get("OPENAPI_FETCH_TIMEOUT", 3.0, float),
            max_request_bytes=get("MAX_REQUEST_BYTES", 10 * 1024 * 1024, int),
            # An attachment's upload (streamed, never held whole): the services' attachment limit
            # and the multipart framing around it, as the services' own limit for that route.
            max_upload_bytes=get("ATTACHMENTS_MAX_BYTES", ATTACHMENT_MAX_BYTES, int) + MULTIPART_OVERHEAD,
            # Where Prometheus scrapes the web process (each web worker listens there, entrypoints/web.py); unset: nowhere.
            metrics_port=get("METRICS_PORT", 0, int) or None,
            # A browser session lasts a working day; logging out or a new password ends it at once.
            session_ttl_seconds=get("SESSION_TTL_SECONDS", 10 * 3600, int),
            # GET /api/v1/inbox asks every service at once; one that is slower is named unavailable.
            inbox_timeout_seconds=get("INBOX_TIMEOUT_SECONDS", 2.0, float),
            web_dist_dir=get("WEB_DIST_DIR", str(REPOSITORY / "web" / "dist")),
        )
