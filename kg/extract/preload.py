"""Loaded by the fork server of the extraction workers (:mod:`kg.extract.parallel`).

Importing this module loads the default pipeline with every pattern of its matchers tokenised
(:func:`kg.extract.patterns.activate_all`: workers only start for inputs large enough to need
them all), so each worker forked from the server starts with it ready (shared copy-on-write)
instead of building it again.
"""
from kg.extract.patterns import activate_all
from kg.extract.pipeline import default_nlp

activate_all(default_nlp())
