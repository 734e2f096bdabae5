"""Mastery Map: mastery-based learning for schools."""
