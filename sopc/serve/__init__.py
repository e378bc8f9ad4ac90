"""`sopc serve`: the site as an author writes it. `site` serves the last good build
(read-only, inside its folder) and the events its pages listen to; `watch` says when
the sources changed and settled."""
