"""
Settings: one pydantic-settings object, built by the CLI and passed down.

The ecosystem's own variable names are used where one exists (SLACK_BOT_TOKEN,
DATABASE_URL, REDIS_URL, KUBECONFIG, …); the bot's own settings are KLEPAAS_*.
Nothing here is read at import time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ProviderName = Literal["builtin", "gemini", "openai"]


def _builtin_only() -> list[ProviderName]:
    return ["builtin"]


LOG_LEVELS = ("debug", "info", "warning", "error")
# A namespace is a DNS-1123 label (kubernetes.io/docs/concepts/overview/working-with-objects/names).
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")

# What to tell people for each variable when it is missing or malformed.
HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-…) with connections:write, from Basic Information → App-Level Tokens",
    "SLACK_API_URL": "a URL such as https://slack.com/api/",
    "PORT": "a TCP port number such as 3000",
    "DATABASE_URL": "a SQLAlchemy async URL such as sqlite+aiosqlite:///./klepaas.db or postgresql+asyncpg://user:pass@host/db",
    "REDIS_URL": "a URL such as redis://localhost:6379/0",
    "KLEPAAS_INTENT_PROVIDERS": "a comma-separated list of builtin, gemini, openai (e.g. gemini,builtin)",
    "KLEPAAS_POLICY": "the path of a readable policy YAML file",
    "KLEPAAS_DEFAULT_NAMESPACE": (
        "a Kubernetes namespace name: lower-case letters, digits and '-', at most 63 (e.g. default)"
    ),
    "KLEPAAS_LOG_LEVEL": "one of debug, info, warning, error",
    "KLEPAAS_DEPLOYS": "the path of a readable deploy rules YAML file (see docs/deploys.md)",
    "KLEPAAS_WATCH_NAMESPACES": "a comma-separated list of Kubernetes namespaces (e.g. staging,production)",
    "KLEPAAS_ALERT_CAUSE_MINUTES": "a number of minutes between 1 and 1440 (e.g. 30)",
    "KLEPAAS_USAGE_WINDOW": "a Prometheus duration such as 2m, 90s or 1h",
}


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one sentence for a person."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    slack_alert_channel_default: str | None = Field(default=None, validation_alias="SLACK_ALERT_CHANNEL_DEFAULT")
    port: int = Field(default=3000, ge=1, le=65535, validation_alias="PORT")
    host: str = Field(default="0.0.0.0", validation_alias="KLEPAAS_HOST")
    database_url: str = Field(default="sqlite+aiosqlite:///./klepaas.db", validation_alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    kubeconfig: str | None = Field(default=None, validation_alias="KUBECONFIG")
    kube_context: str | None = Field(default=None, validation_alias="KLEPAAS_KUBE_CONTEXT")
    default_namespace: str = Field(default="default", validation_alias="KLEPAAS_DEFAULT_NAMESPACE")
    policy_path: Path | None = Field(default=None, validation_alias="KLEPAAS_POLICY")
    intent_providers: Annotated[list[ProviderName], NoDecode] = Field(
        default_factory=_builtin_only, validation_alias="KLEPAAS_INTENT_PROVIDERS"
    )
    gemini_api_key: SecretStr | None = Field(default=None, validation_alias="GEMINI_API_KEY")
    gemini_model: str = Field(default="gemini-2.5-flash", validation_alias="GEMINI_MODEL")
    gemini_base_url: str | None = Field(default=None, validation_alias="GEMINI_BASE_URL")
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    openai_model: str = Field(default="gpt-4o-mini", validation_alias="OPENAI_MODEL")
    intent_timeout: float = Field(default=4.0, gt=0, validation_alias="KLEPAAS_INTENT_TIMEOUT")
    alertmanager_url: str | None = Field(default=None, validation_alias="ALERTMANAGER_URL")
    alertmanager_token: SecretStr | None = Field(default=None, validation_alias="KLEPAAS_ALERTMANAGER_TOKEN")
    alert_routes_path: Path | None = Field(default=None, validation_alias="KLEPAAS_ALERT_ROUTES")
    github_webhook_secret: SecretStr | None = Field(default=None, validation_alias="GITHUB_WEBHOOK_SECRET")
    deploy_token: SecretStr | None = Field(default=None, validation_alias="KLEPAAS_DEPLOY_TOKEN")
    deploys_path: Path | None = Field(default=None, validation_alias="KLEPAAS_DEPLOYS")
    watch_namespaces: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="KLEPAAS_WATCH_NAMESPACES"
    )
    watch_poll_seconds: float = Field(default=5.0, gt=0, validation_alias="KLEPAAS_WATCH_POLL")
    approval_ttl_seconds: int = Field(default=3600, gt=0, validation_alias="KLEPAAS_APPROVAL_TTL")
    confirm_ttl_seconds: int = Field(default=600, gt=0, validation_alias="KLEPAAS_CONFIRM_TTL")
    # Commands per minute, per person and per channel, changes and reads counted apart (0 = no limit).
    rate_changes_per_person: int = Field(default=10, ge=0, validation_alias="KLEPAAS_RATE_CHANGES_PER_PERSON")
    rate_reads_per_person: int = Field(default=60, ge=0, validation_alias="KLEPAAS_RATE_READS_PER_PERSON")
    rate_changes_per_channel: int = Field(default=30, ge=0, validation_alias="KLEPAAS_RATE_CHANGES_PER_CHANNEL")
    rate_reads_per_channel: int = Field(default=300, ge=0, validation_alias="KLEPAAS_RATE_READS_PER_CHANNEL")
    rollout_timeout_seconds: int = Field(default=300, gt=0, validation_alias="KLEPAAS_ROLLOUT_TIMEOUT")
    # One command's whole time with the Kubernetes API (every request in it), so a hanging API
    # server gets the person an answer within it; Slack shows nothing for longer than about 15 s.
    kube_deadline_seconds: float = Field(default=10.0, gt=0, le=60, validation_alias="KLEPAAS_KUBE_DEADLINE")
    # Several replicas and restarts (see charts/klepaas: terminationGracePeriodSeconds is 30).
    shutdown_grace_seconds: float = Field(default=20.0, ge=0, validation_alias="KLEPAAS_SHUTDOWN_GRACE")
    leader_lease_seconds: float = Field(default=15.0, gt=0, validation_alias="KLEPAAS_LEADER_LEASE")
    # Leases on single pieces of work: a claimed confirmation being applied, a rollout being watched.
    confirm_lease_seconds: float = Field(default=60.0, gt=0, validation_alias="KLEPAAS_CONFIRM_LEASE")
    watch_lease_seconds: float = Field(default=20.0, gt=0, validation_alias="KLEPAAS_WATCH_LEASE")
    lease_namespace: str | None = Field(default=None, validation_alias="POD_NAMESPACE")  # the Lease's, in a cluster
    retention_days: int = Field(default=90, gt=0, validation_alias="KLEPAAS_RETENTION_DAYS")
    alert_reminder_minutes: int = Field(default=30, ge=0, validation_alias="KLEPAAS_ALERT_REMINDER_MINUTES")
    log_level: str = Field(default="info", validation_alias="KLEPAAS_LOG_LEVEL")
    # An alert thread's likely-cause reply looks this far back before the alert's startsAt.
    alert_cause_minutes: int = Field(default=30, ge=1, le=1440, validation_alias="KLEPAAS_ALERT_CAUSE_MINUTES")
    prometheus_url: str | None = Field(default=None, validation_alias="PROMETHEUS_URL")  # graphs and `usage`
    # `usage` averages CPU over this window: at least four scrape intervals of the cluster's Prometheus.
    usage_rate_window: str = Field(
        default="2m", pattern=r"^[1-9][0-9]{0,3}[smh]$", validation_alias="KLEPAAS_USAGE_WINDOW"
    )

    @field_validator("intent_providers", "watch_namespaces", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must use an async driver")
        return value

    @field_validator("default_namespace")
    @classmethod
    def _kubernetes_name(cls, value: str) -> str:
        if not DNS_LABEL.fullmatch(value):
            raise ValueError(f"{value!r} is not a Kubernetes namespace name")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.lower() not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level")
        return value.lower()

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
            raise ValueError(f"{value!r} is not a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"


def load_settings(**overrides: Any) -> Settings:
    """Build Settings from the environment and .env; a bad value becomes one clear sentence."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        variable = str(error["loc"][0]) if error["loc"] else "?"
        field = Settings.model_fields.get(variable)
        if field is not None and isinstance(field.validation_alias, str):
            variable = field.validation_alias
        hint = HINTS.get(variable, "a valid value")
        error["msg"] = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{variable} is not valid ({error['msg']}): set it to {hint}.") from None


def require(settings: Settings, *variables: str) -> None:
    """Stop with one sentence when a variable the chosen mode needs is missing."""
    by_alias = {f.validation_alias: name for name, f in Settings.model_fields.items()}
    for variable in variables:
        if getattr(settings, by_alias[variable]) is None:
            raise SettingsError(f"{variable} is not set: set it to {HINTS[variable]}.")


__all__ = ["HINTS", "ProviderName", "Settings", "SettingsError", "load_settings", "require"]
