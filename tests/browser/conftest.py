"""Browser tests: fixtures are in tests/browser_fixtures.py (a plugin for the whole suite)."""
