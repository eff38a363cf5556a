"""Suggestion engines: they propose spans (status ``suggested``) that a
person accepts or rejects in the editor. No Qt here.

* ``numbers``: numbers with values from the Arabic engine (``annotator prelabel``);
* ``gazetteer``: strings already labelled in the project, wherever they recur;
* ``crf``: a CRF trained on the accepted spans (``annotator train``; its
  suggestions have the source ``model``);
* ``cues``: claims, claimants and SOURCE relations from Arabic reporting verbs;
* ``llm``: mentions from a language model the user runs behind an
  OpenAI-compatible endpoint (``llm_client``, ``llm_prompt``, ``llm_reply``,
  ``llm_place``; ``llm_eval`` scores it against gold);
* ``suggestions``: what an engine returns (``Suggestions``, ``Suggestion``,
  ``RelationSuggestion``), imported by the engines and by ``apply``;
* ``apply``: runs the engines and stores their suggestions with their
  source, never over an existing or rejected span (``annotator suggest``).
"""
