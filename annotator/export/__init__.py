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
  settings of a large export;
* :mod:`~annotator.export.conll_writer`, :mod:`~annotator.export.hf_writer`:
  the writers of the token formats, a batch of documents at a time (the
  registry in :mod:`annotator.formats` names them; the format modules say
  what their files hold), with
  :mod:`~annotator.export.token_columns` (the batch tokenizer: tokens and
  tags as columns) and :mod:`~annotator.export.parquet_concat` (Parquet
  files joined by copying their row groups; their footers read and written
  by :mod:`~annotator.export.thrift`);
* :mod:`~annotator.export.conformance`: every registered writer checked
  against its protocol by mypy.
"""
