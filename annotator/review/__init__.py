"""Reviewing colleagues' work, without Qt: :mod:`~annotator.review.merge`
brings their project files in, :mod:`~annotator.review.agreement` measures
how far they agree, :mod:`~annotator.review.diff` says where, and
:mod:`~annotator.review.gold` turns the settled version into the gold layer.
"""
