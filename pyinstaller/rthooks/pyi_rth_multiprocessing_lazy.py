"""PyInstaller's run-time hook for multiprocessing (pyi_rth_multiprocessing),
applied when the application first imports multiprocessing rather than at
every start: ``freeze_support()`` learns to run the worker, resource
tracker and fork server processes that the frozen binary is started as, as
there. annotator's main imports multiprocessing for that only when its
arguments are those of such a process (annotator/cli.py)."""


def _pyi_rthook():
    import sys

    from _annotator_after_import import after_import

    def patch(multiprocessing):
        import multiprocessing.spawn
        from subprocess import _args_from_interpreter_flags

        multiprocessing.process.ORIGINAL_DIR = None  # spawn must not read __main__ from the main script

        def divert_helper():
            # The resource tracker and the fork server are started as
            # `<exe> <interpreter flags> -c "from multiprocessing.... import main..."`.
            try:
                switch = sys.argv.index("-c")
            except ValueError:
                return
            if set(sys.argv[1:switch]) != set(_args_from_interpreter_flags()) or len(sys.argv) <= switch + 1:
                return
            command = sys.argv[switch + 1]
            prefixes = (
                "from multiprocessing.resource_tracker import main",
                "from multiprocessing.forkserver import main",
                "import sys; from multiprocessing.forkserver import main",
            )
            if command.startswith(prefixes):
                exec(command)
                sys.exit()

        def freeze_support():
            divert_helper()
            if multiprocessing.spawn.is_forking(sys.argv):
                kwds = {}
                for arg in sys.argv[2:]:
                    name, value = arg.split("=")
                    kwds[name] = None if value == "None" else int(value)
                multiprocessing.spawn.spawn_main(**kwds)
                sys.exit()

        multiprocessing.freeze_support = multiprocessing.spawn.freeze_support = freeze_support

    after_import("multiprocessing", patch)


_pyi_rthook()
del _pyi_rthook
