"""The offline dashboard: static files under static/ (vendored assets in static/vendor/)."""
