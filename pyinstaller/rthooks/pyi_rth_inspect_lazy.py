"""PyInstaller's run-time hook for inspect (pyi_rth_inspect), applied when
the application first imports inspect rather than at every start (it
imported inspect and zipfile before annotator's first line): inspect's
getsourcefile learns the bundle's layout, as there, reading the list of
base_library.zip only when it is first asked for a source file."""


def _pyi_rthook():
    import os
    import sys

    from _annotator_after_import import after_import

    def patch(inspect):
        import functools

        prefix = os.path.normpath(sys._MEIPASS)
        base_library = os.path.join(prefix, "base_library.zip")
        original = inspect.getsourcefile

        @functools.cache
        def base_library_files():  # read at the first call that needs it, not when inspect is imported
            if not os.path.isfile(base_library):
                return frozenset()
            import zipfile

            with zipfile.ZipFile(base_library, "r") as zf:
                return frozenset(os.path.normpath(entry) for entry in zf.namelist())

        def getsourcefile(object):
            filename = os.path.normpath(inspect.getfile(object))
            if not os.path.isabs(filename):
                main_file = getattr(sys.modules["__main__"], "__file__", None)
                if main_file and filename == os.path.basename(main_file):
                    return main_file
                if filename + "c" in base_library_files():
                    return os.path.normpath(os.path.join(base_library, filename + "c"))
                return os.path.normpath(os.path.join(prefix, filename))
            if filename.startswith(prefix):
                return filename
            return original(object)

        inspect.getsourcefile = getsourcefile

    after_import("inspect", patch)


_pyi_rthook()
del _pyi_rthook
