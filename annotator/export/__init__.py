"""Exports: what is written, in which parts, and how it reaches a format's
writer; the format modules in :mod:`annotator.formats` only say how to
write their format.

* :mod:`~annotator.export.selection`: which documents and spans
  (:class:`~annotator.export.selection.Selection`, :func:`~annotator.export.selection.select`);
* :mod:`~annotator.export.splits`: deterministic train/dev/test splits;
* :mod:`~annotator.export.run`: :func:`~annotator.export.run.export`, the one
  entry point (the command line, the UI's jobs and the tests call it);
* :mod:`~annotator.export.parallel`: the worker processes of the token formats;
* :mod:`~annotator.export.staged`: every output written under a temporary
  name and renamed into place;
* :mod:`~annotator.export.tuning`: the garbage collector and allocator
  settings of a large export.
"""
