"""Scripts around the site that are not part of building it: a local server, audits, screenshots, benchmarks."""
