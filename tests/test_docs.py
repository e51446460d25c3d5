"""The README stays true to the code: settings, quick start and CI."""

from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        var = f"BOARDPAPERS_{name.upper()}"
        assert f"`{var}`" in README, f"{var} is not documented in README.md"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    test_commands = [line for line in README.splitlines() if line.rstrip().endswith("pytest")]
    assert test_commands, "README has no test command"
    assert test_commands[0].strip() in ci, ".ci/run must run exactly the README's test command"
