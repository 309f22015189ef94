"""The settings table: documented in the README, reachable as flags and environment variables, precedence holds."""

from __future__ import annotations

import pytest

from policy_kg.cli import main
from policy_kg.errors import ConfigError
from policy_kg.settings import SETTINGS, Settings
from policy_kg.tools.readme_settings import README, with_table


def test_readme_settings_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert with_table(text) == text


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in text and f"`{setting.flag}`" in text, setting.name


def test_serve_offers_every_setting_as_a_flag(runner):
    help_text = runner.invoke(main, ["serve", "--help"]).stdout
    for setting in SETTINGS:
        if setting.name != "load_bundle":
            assert setting.flag in help_text, setting.name


def test_precedence_default_environment_explicit():
    assert Settings.resolve({}, environ={})["query_timeout"] == 5.0
    assert Settings.resolve({}, environ={"POLICY_KG_QUERY_TIMEOUT": "2.5"})["query_timeout"] == 2.5
    assert Settings.resolve({"query_timeout": "1"}, environ={"POLICY_KG_QUERY_TIMEOUT": "2.5"})["query_timeout"] == 1.0


def test_lists_and_booleans_parse():
    settings = Settings.resolve({}, environ={"POLICY_KG_TOKENS": "alice:s3cret, bob:other", "POLICY_KG_LOAD_BUNDLE": "no"})
    assert settings.token_names == {"s3cret": "alice", "other": "bob"}
    assert settings["load_bundle"] is False


@pytest.mark.parametrize("environ,fragment", [
    ({"POLICY_KG_PORT": "eighty"}, "POLICY_KG_PORT"),
    ({"POLICY_KG_LOAD_BUNDLE": "maybe"}, "POLICY_KG_LOAD_BUNDLE"),
])
def test_bad_values_name_the_variable(environ, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Settings.resolve({}, environ=environ)


def test_tokens_must_be_pairs():
    with pytest.raises(ConfigError, match="name:token"):
        Settings.resolve({}, environ={"POLICY_KG_TOKENS": "justatoken"}).token_names


def test_unknown_explicit_setting():
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.resolve({"query_timout": 3}, environ={})
