// The flowchart on screen (templates/site/_flowchart.html.j2).
