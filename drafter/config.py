"""Settings: where drafter keeps its files and which model it talks to.

Precedence, highest first: command-line options, environment variables
(``DRAFTER_MODEL``, ``DRAFTER_API_BASE``, ``DRAFTER_HOME``), the config file
``$DRAFTER_HOME/config.toml``, built-in defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

LOCAL_MODEL = "drafter-local/gemma3-270m"  # the embedded default, no key, no network
DEFAULT_DEPTH = "standard"
DEFAULT_CONCURRENCY = 20  # one wave per level of the section DAG; the local model runs one call at a time


def home() -> Path:
    """DRAFTER_HOME, or the platform's user data dir for drafter."""
    env = os.environ.get("DRAFTER_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path("drafter", appauthor=False)
    return path


def ensure_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create {path}: {exc.strerror or exc}") from None
    return path


def drafts_dir() -> Path:
    return home() / "drafts"


def cache_dir() -> Path:
    return home() / "cache"


def models_dir() -> Path:
    return home() / "models"


def config_path() -> Path:
    return home() / "config.toml"


@dataclass(frozen=True)
class Settings:
    model: str = LOCAL_MODEL
    api_base: str | None = None
    depth: str = DEFAULT_DEPTH
    concurrency: int = DEFAULT_CONCURRENCY
    temperature: float | None = None
    timeout: float = 120.0
    extra: dict = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.model.startswith("drafter-local/")

    def with_overrides(self, **kwargs) -> "Settings":
        clean = {k: v for k, v in kwargs.items() if v is not None}
        return replace(self, **clean)


def _read_config_file(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return data


def load_settings(**overrides) -> Settings:
    """Settings from config file, then environment, then ``overrides`` (CLI options)."""
    data = _read_config_file(config_path())
    known = {"model", "api_base", "depth", "concurrency", "temperature", "timeout"}
    unknown = set(data) - known
    base = Settings(**{k: v for k, v in data.items() if k in known}, extra={k: data[k] for k in unknown})
    env = {
        "model": os.environ.get("DRAFTER_MODEL") or None,
        "api_base": os.environ.get("DRAFTER_API_BASE") or None,
    }
    settings = base.with_overrides(**env).with_overrides(**overrides)
    if settings.depth not in ("brief", "standard", "full"):
        raise ConfigError(f"depth must be brief, standard or full, not {settings.depth!r}")
    if not isinstance(settings.concurrency, int) or settings.concurrency < 1:
        raise ConfigError(f"concurrency must be a positive integer, not {settings.concurrency!r}")
    return settings
