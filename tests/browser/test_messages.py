"""Every problem the services and the gateway can send has a Vietnamese sentence in the console's
one message catalogue (web/src/lib/messages/vi.json): each problem `type` (from the titles the
error tables use) and each `rule` code (rule="...", a domain error's `rule = "..."`, fleet's
dispatch conflicts, HR's staffing rules, assets' standards breaches), collected from the source.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "web" / "src" / "lib" / "messages" / "vi.json"
SOURCES = [ROOT / "libs" / "buildingblocks" / "src", ROOT / "gateway" / "src",
           *sorted((ROOT / "services").glob("*/src"))]

RULE_PATTERNS = [
    re.compile(r"\brule=[\"']([a-z][a-z0-9_]*)[\"']"),                 # RuleBroken(..., rule="x")
    re.compile(r"^\s+rule = [\"']([a-z][a-z0-9_]*)[\"']", re.M),        # class XBroken: rule = "x"
    re.compile(r"\b(?:Conflict|Violation)\(\s*[\"']([a-z][a-z0-9_]*)[\"']"),   # fleet's and HR's findings
    re.compile(r"\bBreach\(\s*[\w.]+,\s*[\"']([a-z][a-z0-9_]*)[\"']"),      # assets' standards: Breach(index, "x", ...)
    re.compile(r"[\"']rule[\"']\s*:\s*[\"']([a-z][a-z0-9_]*)[\"']"),   # {"rule": "x"} written out
]
RULE_BOOK = re.compile(r"^RULE_SHAPES[^=]*=\s*\{(.*?)^\}", re.M | re.S)   # HR's configurable staffing rules
TITLE_PATTERNS = [
    re.compile(r"\(\s*\d{3},\s*[\"']([A-Z][A-Za-z ]+)[\"']\s*\)"),        # PROBLEM_STATUS: (409, "Conflict")
    re.compile(r"status, title = \d{3}, [\"']([A-Z][A-Za-z ]+)[\"']"),  # gateway's own problem classes
    re.compile(r"problem_response\(\s*\d{3},\s*[\"']([A-Z][A-Za-z ]+)[\"']"),
]
# rule codes the source matches that are not problem codes (a placeholder in a docstring example)
NOT_RULES = {"r", "x"}


def _python_files():
    for base in SOURCES:
        yield from (p for p in base.rglob("*.py") if "tests" not in p.parts)


def collect() -> tuple[set[str], set[str]]:
    rules: set[str] = set()
    titles: set[str] = set()
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        for pattern in RULE_PATTERNS:
            rules.update(pattern.findall(text))
        book = RULE_BOOK.search(text)
        if book:
            rules.update(re.findall(r"^\s+[\"']([a-z][a-z0-9_]*)[\"']\s*:", book.group(1), re.M))
        for pattern in TITLE_PATTERNS:
            titles.update(pattern.findall(text))
    types = {title.lower().replace(" ", "-") for title in titles}
    return rules - NOT_RULES, types


def catalogue() -> dict:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))["problems"]


def test_the_collector_finds_what_we_know_is_there():
    # a collector that finds nothing would make the tests below pass on any catalogue
    rules, types = collect()
    assert {"budget_exhausted", "over_norm", "not_a_decider", "own_request", "position_quota",
            "price_above_standard", "no_feasible_pair"} <= rules
    assert {"conflict", "not-found", "unprocessable-content", "forbidden", "too-many-requests"} <= types


def test_every_rule_code_has_a_vietnamese_message():
    rules, _ = collect()
    missing = sorted(rules - set(catalogue()["rules"]))
    assert not missing, f"rule codes without a Vietnamese message in {CATALOGUE.name}: {missing}"


def test_every_problem_type_has_a_vietnamese_message():
    _, types = collect()
    missing = sorted(types - set(catalogue()["types"]))
    assert not missing, f"problem types without a Vietnamese message in {CATALOGUE.name}: {missing}"


def test_messages_are_vietnamese_and_name_only_known_figures():
    problems = catalogue()
    placeholder = re.compile(r"\{([a-z_]+)\}")
    for group in ("rules", "types"):
        for code, sentence in problems[group].items():
            assert re.search(r"[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]", sentence.lower()), (code, sentence)
            for name in placeholder.findall(sentence):
                assert re.fullmatch(r"[a-z][a-z0-9_]*", name), (code, name)
