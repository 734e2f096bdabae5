"""Trackers students own (issue 10): the public class map, goals with finish lines, pace and
projection, alerts for the teacher, and plots. Pure rules: `pace`, `alerts`, `plots`."""
