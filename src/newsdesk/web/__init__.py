"""The web page: templates, inline SVG charts and word diffs."""
