"""PyInstaller's run-time hook for PySide6 (pyi_rth_pyside6), with its one
costly step deferred: the Qt environment variables are set at start as
there, and the embedded qt.conf (a no-op for PyPI's PySide6, which makes
its own) is registered right after the application first imports
PySide6.QtCore, instead of by importing QtCore at every start. Linux and
Windows as PyInstaller's hook; the macOS .app bundle case is not needed
(annotator builds no .app)."""


def _pyi_rthook():
    import os
    import sys

    from _annotator_after_import import after_import
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

    after_import("PySide6.QtCore", lambda _module: qt_rth_utils.create_embedded_qt_conf("PySide6", pyqt_path))


_pyi_rthook()
del _pyi_rthook
