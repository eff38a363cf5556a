"""``python -m annotator``: the command line, as the ``annotator`` script."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
