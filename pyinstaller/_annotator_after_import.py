"""For the bundle's run-time hooks (pyinstaller/rthooks/): run a function
right after a module is first imported, instead of importing the module at
every start. PyInstaller's own hooks for inspect, multiprocessing, pkgutil
and PySide6 import their module before the application's first line, so
`annotator --help` paid for multiprocessing, zipfile, pkgutil and
importlib.resources it never uses. Written by hand: PyInstaller has no
deferred form of a run-time hook.

This file is bundled as a top-level module (annotator.spec adds it to the
hidden imports), because a run-time hook can import only what is bundled."""

import sys


class _ThenLoader:
    """The module's own loader, with ``then(module)`` run after it has
    executed the module. Anything else is the real loader's."""

    def __init__(self, loader, then):
        self._loader = loader
        self._then = then

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._then(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _Finder:
    """Finds nothing itself: when ``name`` is being imported, asks the
    finders after it, wraps the loader they give and leaves ``sys.meta_path``."""

    def __init__(self, name, then):
        self._name = name
        self._then = then

    def find_spec(self, fullname, path, target=None):
        if fullname != self._name:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        spec.loader = _ThenLoader(spec.loader, self._then)
        return spec


def after_import(name, then):
    """Call ``then(module)`` once ``name`` is imported: now, if it already
    is, else right after its first import finishes."""
    if name in sys.modules:
        then(sys.modules[name])
    else:
        sys.meta_path.insert(0, _Finder(name, then))
