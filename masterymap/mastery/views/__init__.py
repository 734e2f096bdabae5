"""The mastery pages, one module per page area: grid, cell (show the math), policy,
trackers (the student's map and private tracker) and scale."""
