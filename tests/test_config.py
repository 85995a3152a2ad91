import pytest

from skillgap.pipelines.config import load_config, resolve_config_path
from skillgap.pipelines.errors import ConfigError, UsageError
from skillgap.pipelines.paths import data_path


def write(tmp_path, text):
    p = tmp_path / "sources.yaml"
    p.write_text(text)
    return p


def test_bundled_default_and_demo_configs_are_valid():
    assert load_config(data_path("sources.yaml")).sources[0].type == "greenhouse"
    demo = load_config(data_path("demo", "sources.yaml"))
    assert demo.sources and all(s.boards for s in demo.sources)


def test_contract_example_with_base_url(tmp_path):
    cfg = load_config(write(tmp_path, """
user_agent: "skillgap/0.1 (+https://example.org/contact)"
sources:
  - type: greenhouse
    boards: [stripe, databricks]
    base_url: http://127.0.0.1:8000/
"""))
    assert cfg.user_agent.startswith("skillgap/0.1")
    assert cfg.sources[0].boards == ("stripe", "databricks")
    assert cfg.sources[0].base_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("sources:\n  - type: monster\n    boards: [a]\n", ["sources[0].type", "'monster'", "allowed: adzuna, arbeitnow, ashby", "greenhouse", "jsonld", "lever"]),
        ("sources:\n  - type: greenhouse\n    boards: [a]\n    token: x\n", ["sources[0].token", "unknown key", "base_url"]),
        ("sources:\n  - type: greenhouse\n", ["sources[0].boards", "needs a list of board tokens"]),
        ("sources: []\n", ["empty"]),
        ("colour: blue\nsources: []\n", ["colour", "unknown key", "user_agent"]),
        ("sources:\n  - type: greenhouse\n    boards: [a]\n    base_url: ftp://x\n", ["base_url", "http://"]),
        ("- just\n- a list\n", ["mapping"]),
        ("sources: [\n", ["not valid YAML"]),
    ],
)
def test_bad_configs_name_file_field_and_allowed_values(tmp_path, text, needles):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message
    assert isinstance(info.value, UsageError)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_config_path_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("SKILLGAP_CONFIG", str(tmp_path / "env.yaml"))
    assert resolve_config_path(tmp_path / "cli.yaml") == tmp_path / "cli.yaml"
    assert resolve_config_path(None) == tmp_path / "env.yaml"
    monkeypatch.delenv("SKILLGAP_CONFIG")
    assert resolve_config_path(None) == data_path("sources.yaml")


def test_filters_are_checked_against_the_adapter(tmp_path):
    ok = load_config(write(tmp_path, "sources:\n  - type: remotive\n    filters: {category: software-dev, search: ml}\n"))
    assert dict(ok.sources[0].filters) == {"category": "software-dev", "search": "ml"}
    with pytest.raises(ConfigError, match=r"sources\[0\].filters: unknown filter\(s\) colour for remotive; allowed: "):
        load_config(write(tmp_path, "sources:\n  - type: remotive\n    filters: {colour: red}\n"))
    with pytest.raises(ConfigError, match="this adapter takes no filters"):
        load_config(write(tmp_path, "sources:\n  - type: greenhouse\n    boards: [a]\n    filters: {x: 1}\n"))
    with pytest.raises(ConfigError, match="single feed and takes no boards"):
        load_config(write(tmp_path, "sources:\n  - type: remoteok\n    boards: [a]\n"))


def test_urls_only_for_adapters_that_read_pages(tmp_path):
    with pytest.raises(ConfigError, match=r"sources\[0\].urls: the lever adapter takes no urls"):
        load_config(write(tmp_path, "sources:\n  - type: lever\n    boards: [a]\n    urls: [https://example.org/jobs]\n"))


def test_a_board_may_carry_its_display_name(tmp_path):
    cfg = load_config(write(tmp_path, """
sources:
  - type: lever
    boards: [{board: real, company: "Real Brokerage"}, plain]
"""))
    spec = cfg.sources[0]
    assert spec.boards == ("real", "plain")
    assert spec.company_for("real") == "Real Brokerage"
    assert spec.company_for("plain") is None


@pytest.mark.parametrize(
    ("boards", "needles"),
    [
        ("[{board: x, colour: y}]", ["sources[0].boards[0].colour", "allowed keys: board, company"]),
        ("[{company: X}]", ["sources[0].boards[0].board", "required"]),
        ("[[a]]", ["sources[0].boards[0]", "a token or a mapping"]),
    ],
)
def test_a_bad_board_entry_is_named(tmp_path, boards, needles):
    path = write(tmp_path, f"sources:\n  - type: lever\n    boards: {boards}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    for needle in needles:
        assert needle in str(info.value)
