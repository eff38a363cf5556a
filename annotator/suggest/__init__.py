"""Suggestion engines: they propose spans (status ``suggested``) that a
person accepts or rejects in the editor. No Qt here.

* ``numbers``: numbers with values from the Arabic engine (``annotator prelabel``);
* ``gazetteer``: strings already labelled in the project, wherever they recur;
* ``model``: a CRF trained on the accepted spans (``annotator train``);
* ``cues``: claims, claimants and SOURCE relations from Arabic reporting verbs;
* ``apply``: stores proposals with their source, never over an existing or
  rejected span (``annotator suggest``).
"""
