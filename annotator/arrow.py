"""pyarrow for the writers, without pandas.

When pandas is installed (the ``ml`` and ``test`` extras bring it), pyarrow
imports it the first time it converts Python values: ``pa.array`` asks
whether a list is a pandas object, and type inference looks for pandas'
missing-value markers. Nothing here hands pyarrow a pandas object, and that
import is about 0.12 s of CPU and 40 MB in every export process and in
each of its workers. Import :data:`pa` from here: the first question is
asked once while pandas cannot be found, so pyarrow answers it "no" from
then on; every conversion of a list names its type, so no inference runs,
and integer columns come back to numpy through :func:`to_numpy`, not
through pyarrow's conversion, which looks for pandas each time (a test
checks that an export imports no pandas). pyarrow's own pandas
methods (``Table.to_pandas``) still import pandas when called: they ask
again, insisting.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from typing import Any

import numpy as np
import pyarrow as pa


class _KeepOut(MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"{name} is kept out of this pyarrow conversion", name=name)
        return None


def _answer_no_pandas() -> None:
    if "pandas" in sys.modules:
        return  # imported already, by someone who wanted it: nothing to save
    # sys.modules["pandas"] = None would not do: pyarrow's compiled import takes the None as the module
    keep_out = _KeepOut()
    sys.meta_path.insert(0, keep_out)
    try:
        pa.array([], pa.int8())
    finally:
        sys.meta_path.remove(keep_out)


_answer_no_pandas()

_INTEGERS = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64}


def to_numpy(array: Any) -> Any:
    """An integer array without nulls as a read-only numpy view of its data,
    as ``array.to_numpy()`` gives it."""
    dtype = _INTEGERS.get(array.type)
    if dtype is None or array.null_count:
        raise TypeError(f"to_numpy takes integers without nulls, not {array.type} with {array.null_count} nulls")
    return np.frombuffer(array.buffers()[1], dtype, len(array), array.offset * np.dtype(dtype).itemsize)


__all__ = ["pa", "to_numpy"]
