"""Fixtures for these tests live in tests/conftest.py (analysed_demo, analysed_seeds)."""
