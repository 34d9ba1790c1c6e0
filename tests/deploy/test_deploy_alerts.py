"""Every alert has its runbook (docs/runbooks.md: what it means, how to confirm, what to do),
linked from its runbook_url annotation, and promtool's rule tests cover it both firing and not."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from deploy_helpers import PROMETHEUS_DIR, ROOT

RUNBOOKS = ROOT / "docs" / "runbooks.md"
RULE_FILES = sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
RULE_TESTS = Path(__file__).parent / "prometheus" / "alerts.test.yml"
SUBSECTIONS = ("**What it means.**", "**How to confirm.**", "**What to do.**")


def alerts() -> dict[str, dict]:
    return {rule["alert"]: rule for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"]
            for rule in group["rules"] if "alert" in rule}


def anchor(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def runbook_sections() -> dict[str, str]:
    """anchor -> the text of each `## ` section of docs/runbooks.md."""
    parts = re.split(r"^## (.+)$", RUNBOOKS.read_text(), flags=re.M)
    return {anchor(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_alert_links_its_runbook_section():
    sections = runbook_sections()
    for name, rule in alerts().items():
        url = rule["annotations"].get("runbook_url", "")
        path, _, fragment = url.partition("#")
        assert path == "docs/runbooks.md" and (ROOT / path).is_file(), f"{name}: runbook_url {url!r}"
        assert fragment in sections, f"{name}: docs/runbooks.md has no section #{fragment}"
        assert fragment == anchor(name), f"{name}: links #{fragment}, its section is #{anchor(name)}"
        for part in SUBSECTIONS:
            assert part in sections[fragment], f"runbook of {name} lacks {part}"


def test_every_runbook_section_is_an_alert():
    assert set(runbook_sections()) == {anchor(name) for name in alerts()}, "a runbook for an alert that is gone"


def test_runbook_links_between_sections_resolve():
    sections = runbook_sections()
    for target in re.findall(r"\]\(#([a-z0-9_-]+)\)", RUNBOOKS.read_text()):
        assert target in sections, f"docs/runbooks.md links #{target}, which is no section"


def test_promtool_tests_cover_every_alert_firing_and_not_firing():
    cases: dict[str, set[str]] = {}
    for test in yaml.safe_load(RULE_TESTS.read_text())["tests"]:
        for case in test.get("alert_rule_test", []):
            cases.setdefault(case["alertname"], set()).add("firing" if case.get("exp_alerts") else "not firing")
    for name in alerts():
        assert cases.get(name, set()) == {"firing", "not firing"}, (
            f"{RULE_TESTS.name} tests {name} only {sorted(cases.get(name, set()))}: add the missing case")
    assert set(cases) <= set(alerts()), f"tests of alerts that do not exist: {set(cases) - set(alerts())}"
