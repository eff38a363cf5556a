"""The PySide6 editor: a right-to-left Arabic annotation window.

Everything Qt lives here; the package reads and writes only through
:class:`annotator.store.Project` and converts offsets only through
:class:`annotator.arabic.offsets.OffsetMap`. Nothing outside ``ui`` imports it.
Entry point: :func:`annotator.ui.app.run`.
"""
