"""Trackers students own (issue 10): the public class map, goals with finish lines, pace and
projection, alerts for the teacher, and plots. The rules without Django: `pace`, `alerts`,
`plots`."""
