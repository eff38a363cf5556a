"""Errors a user can cause by giving bad input.

Every command turns an :class:`AnnotatorError` into one ``error: ...`` line on
stderr and exit code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """Bad input or a refused operation, described in one line for the user."""


class FormatError(AnnotatorError):
    """A file that cannot be read as the format it claims to be.

    The message names the file and, where known, the line (1-based) or the
    byte offset (0-based) where reading stopped.
    """

    def __init__(self, path: object, message: str, line: int | None = None, offset: int | None = None):
        self.path = str(path)
        self.line = line
        self.offset = offset
        where = self.path
        if line is not None:
            where += f", line {line}"
        if offset is not None:
            where += f", byte {offset}"
        super().__init__(f"{where}: {message}")


class ModelError(AnnotatorError):
    """A document, span or relation that breaks the data model's rules."""


class ProjectError(AnnotatorError):
    """A project file that cannot be opened or changed as asked."""
