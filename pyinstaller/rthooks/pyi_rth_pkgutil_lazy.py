"""PyInstaller's run-time hook for pkgutil (pyi_rth_pkgutil), applied when
the application first imports pkgutil rather than at every start:
``pkgutil.iter_modules`` learns to list the bundle's modules, as there."""


def _pyi_rthook():
    from _annotator_after_import import after_import

    def patch(pkgutil):
        import pyimod02_importers  # PyInstaller's bootstrap module

        def iter_frozen_finder_modules(finder, prefix=""):
            tree_node = pyimod02_importers.get_pyz_toc_tree()
            for part in finder._pyz_entry_prefix.split(".") if finder._pyz_entry_prefix else []:
                tree_node = tree_node.get(part)
                if not isinstance(tree_node, dict):  # no such path, or a module rather than a package
                    tree_node = {}
                    break
            for entry_name, entry_data in tree_node.items():
                yield prefix + entry_name, isinstance(entry_data, dict)
            if finder.fallback_finder is not None:
                yield from pkgutil.iter_importer_modules(finder.fallback_finder, prefix)

        pkgutil.iter_importer_modules.register(pyimod02_importers.PyiFrozenFinder, iter_frozen_finder_modules)

    after_import("pkgutil", patch)


_pyi_rthook()
del _pyi_rthook
