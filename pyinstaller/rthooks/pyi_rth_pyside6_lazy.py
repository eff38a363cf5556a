"""PyInstaller's run-time hook for PySide6 (pyi_rth_pyside6), with its one
costly step deferred: the Qt environment variables are set at start as
there, and the embedded qt.conf (a no-op for PyPI's PySide6, which makes
its own) is registered right after the application first imports
PySide6.QtCore, instead of by importing QtCore at every start. Linux and
Windows as PyInstaller's hook; the macOS .app bundle case is not needed
(annotator builds no .app)."""


def _pyi_rthook():
    import importlib.abc
    import os
    import sys

    from _pyi_rth_utils import prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    if sys.platform.startswith("win"):
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6")
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    else:
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(pyqt_path, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(pyqt_path, "qml")
    if sys.platform == "darwin":
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")

    class _AfterQtCore(importlib.abc.MetaPathFinder):
        """Finds nothing itself: when PySide6.QtCore is being imported, wraps
        the real loader so that the qt.conf step runs once it is loaded."""

        def find_spec(self, fullname, path, target=None):
            if fullname != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            for finder in sys.meta_path:
                spec = finder.find_spec(fullname, path, target) if hasattr(finder, "find_spec") else None
                if spec is not None:
                    break
            else:
                return None
            loader = spec.loader
            exec_module = loader.exec_module

            def exec_then_conf(module):
                exec_module(module)
                qt_rth_utils.create_embedded_qt_conf("PySide6", pyqt_path)

            loader.exec_module = exec_then_conf
            return spec

    sys.meta_path.insert(0, _AfterQtCore())


_pyi_rthook()
del _pyi_rthook
