"""In place of PyInstaller's setuptools run-time hook, which imports
setuptools at every start to install its distutils shim: annotator never
imports distutils, and setuptools is in the bundle only because a
dependency names it. (An empty list in rthooks.dat would not replace the
built-in hook, so this file does nothing on purpose.)"""
