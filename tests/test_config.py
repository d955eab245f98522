"""Settings precedence: explicit arguments > NEWSDESK_* variables > the TOML file named by
NEWSDESK_CONFIG > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import DEFAULT_DB, Settings, load_settings, normalise_db_url
from newsdesk.errors import ConfigError


def test_config_defaults() -> None:
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.db == DEFAULT_DB == "sqlite:///newsdesk.db"
    assert settings.allow_private_urls is False


def test_config_precedence(tmp_path: Path) -> None:
    toml = tmp_path / "newsdesk.toml"
    toml.write_text('[newsdesk]\ndb = "sqlite:///from-file.db"\nfetch_timeout_s = 3.5\n'
                    "max_input_bytes = 1000\nallow_private_urls = true\n", "utf-8")
    env = {"NEWSDESK_CONFIG": str(toml)}
    from_file = load_settings(env=env)
    assert (from_file.db, from_file.fetch_timeout_s, from_file.max_input_bytes,
            from_file.allow_private_urls) == ("sqlite:///from-file.db", 3.5, 1000, True)
    env |= {"NEWSDESK_DB": "sqlite:///from-env.db", "NEWSDESK_MAX_INPUT_BYTES": "2000",
            "NEWSDESK_ALLOW_PRIVATE_URLS": "no"}
    from_env = load_settings(env=env)
    assert (from_env.db, from_env.max_input_bytes, from_env.allow_private_urls,
            from_env.fetch_timeout_s) == ("sqlite:///from-env.db", 2000, False, 3.5)
    explicit = load_settings(env=env, db="explicit.db", max_input_bytes=None)
    assert explicit.db == "sqlite:///explicit.db"  # a bare path is a SQLite file
    assert explicit.max_input_bytes == 2000  # None means "not given"


def test_config_reads_real_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_FETCH_MAX_REDIRECTS", "1")
    assert load_settings().fetch_max_redirects == 1


@pytest.mark.parametrize(("env", "message"), [
    ({"NEWSDESK_MAX_INPUT_BYTES": "lots"}, "NEWSDESK_MAX_INPUT_BYTES='lots' is not valid"),
    ({"NEWSDESK_CONFIG": "/no/such/newsdesk.toml"}, "cannot read config file"),
])
def test_config_errors_say_what_is_wrong(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_config_unknown_setting_in_file(tmp_path: Path) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text("[newsdesk]\nmax_input_megabytes = 5\n", "utf-8")
    with pytest.raises(ConfigError, match="unknown settings: max_input_megabytes"):
        load_settings(env={"NEWSDESK_CONFIG": str(toml)})
    toml.write_text("[newsdesk\n", "utf-8")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(env={"NEWSDESK_CONFIG": str(toml)})


def test_config_db_urls() -> None:
    assert normalise_db_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert normalise_db_url("data/news.db") == "sqlite:///data/news.db"
    assert normalise_db_url("~/news.db") == f"sqlite:///{Path.home() / 'news.db'}"
