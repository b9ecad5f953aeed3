"""Loaded by the fork server of the extraction workers (:mod:`kg.extract.parallel`).

Importing this module loads the default pipeline, so each worker forked from the server starts
with it ready (shared copy-on-write) instead of loading it again.
"""
from kg.extract.pipeline import default_nlp

default_nlp()
