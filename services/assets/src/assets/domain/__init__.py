"""The assets domain: pure rules, no web and no database."""
