"""Flow and time analysis of one SOP: the graph of its steps, working time, deadlines.

Rules read it; the manual's flowcharts (and diffs of flow edges) will too.
"""
