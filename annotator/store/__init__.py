"""The SQLite project file: schema, migrations, queries and history.

The only package that writes SQL. Open a project with :meth:`Project.open`
(or :meth:`Project.create`) and change it through its methods; each change
is logged to the ``history`` table in the same transaction.
"""

# First, so that sqlite-utils is imported without pandas and numpy (see lean.py)
# whichever store module is imported first.
import annotator.store.lean  # noqa: F401  (imported for its effect, above)  # isort: split
from annotator.store.project import DocumentRow, ImportResult, Project
from annotator.store.rows import text_hash
from annotator.store.schema import SCHEMA_VERSION

__all__ = ["Project", "DocumentRow", "ImportResult", "SCHEMA_VERSION", "text_hash"]
