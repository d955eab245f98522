"""Settings with their defaults in one place.

Precedence: explicit arguments > environment variables (``NEWSDESK_*``) > an optional
TOML file named by ``NEWSDESK_CONFIG`` > the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError

DEFAULT_DB = "sqlite:///newsdesk.db"


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = DEFAULT_DB
    # Inputs over this size are refused before they are read (a 200 MB dump is
    # almost always a mistake; raise it for large WARC files).
    max_input_bytes: int = 64 * 1024 * 1024
    # Single article texts longer than this are cut and flagged: no real article is
    # 2 MB of text, and the NLP stages are linear in it.
    max_article_chars: int = 200_000
    fetch_timeout_s: float = 15.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    fetch_max_redirects: int = 5
    allow_private_urls: bool = False
    # Feed entries that carry only a teaser: fetch the linked page for the article.
    fetch_feed_links: bool = True
    # A line seen in at least this many articles of one outlet (and this share of
    # them) is treated as that outlet's boilerplate.
    boilerplate_min_articles: int = 3
    boilerplate_min_share: float = 0.3
    api_token: str | None = None
    alias_file: str | None = None
    # TSV of outlet aliases (alias<TAB>outlet key<TAB>display name), see ingest/outlets.py.
    outlet_map: str | None = None
    # Below this language-identification score an article's language is "und".
    lang_min_score: float = 0.5
    # Optional NLI backend for the cross-check: "cross-encoder" (nli_model = a local ONNX
    # directory) or "openai" (nli_url = an OpenAI-compatible /v1 URL, nli_model = its model).
    nli_backend: str | None = None
    nli_model: str | None = None
    nli_url: str | None = None
    # Where per-article work runs: "local" (this process) or "ray" (a Ray cluster at
    # ray_address; a local one with ray_cpus CPUs, 0 = all, when no address is given).
    engine: str = "local"
    ray_address: str | None = None
    ray_cpus: int = 0

    def with_overrides(self, **overrides: Any) -> Settings:
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **clean)


def normalise_db_url(db: str) -> str:
    """Accept a bare path as a SQLite file; pass URLs through."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    config_file = env.get("NEWSDESK_CONFIG")
    if config_file:
        try:
            values.update(tomllib.loads(Path(config_file).read_text("utf-8")).get("newsdesk", {}))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {config_file}: {exc}") from exc
    defaults = Settings()
    for f in fields(Settings):
        raw = env.get(f"NEWSDESK_{f.name.upper()}")
        if raw is not None:
            try:
                values[f.name] = _coerce(raw, getattr(defaults, f.name))
            except ValueError as exc:
                raise ConfigError(f"NEWSDESK_{f.name.upper()}={raw!r} is not valid: {exc}") from exc
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    settings = replace(defaults, **values).with_overrides(**overrides)
    return replace(settings, db=normalise_db_url(settings.db))
