"""Validate the accelerator facts (content/) and render the bilingual site's pages (docs/).

The pipeline, one module a stage: load -> (model) -> render -> write -> site; cli ties them together.
"""
