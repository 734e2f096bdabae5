"""Goals with finish lines, pace and projection (issue 10). So far its pure rules only."""
