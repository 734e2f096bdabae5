"""Reads for the mastery pages, one module per page: `grid` (the class grid), `tracker` (the
student's map and private tracker), `cell` (show the math, what-if), `policy` (the policy
page), `scale` (the scale page), plus `cells` (stored records as display cells, shared by the
grid and the tracker) and `evidence` (a student's evidence rows, shared with the station).

Each reads a bounded number of queries whatever the size of the class or map: the grid
reads stored MasteryRecord rows (one per cell), never the attempts behind them.
"""
