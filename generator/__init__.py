"""Validate the accelerator facts (content/) and render the bilingual site's pages (docs/).

The pipeline, one module a stage: load -> (model) -> render -> write -> site; cli ties them together.
render gives each page a small view (view.py, view_<kind>.py) built from words.py (words in the
page's language), cite.py (figures with their marks and footnotes) and links.py; every figure worked
out from the facts comes from derived.py, which the exports and the planner's data read too.
"""
