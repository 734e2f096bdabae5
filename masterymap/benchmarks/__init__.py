"""Benchmarks (issue 11): longer tests over several standards, scored per standard, whose
contradictions with mastery become *needs review*. The rules without Django: `rules`."""
