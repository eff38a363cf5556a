"""annotator: an Arabic-first annotation tool for entities, numbers and claims.

The core (everything but ``annotator.ui``) never imports Qt, so it can be used
from scripts and notebooks without a display.
"""

__version__ = "0.1.0"
