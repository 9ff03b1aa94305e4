"""The samling command line: a thin layer that parses, calls the core, and prints.

One module per command group; ``app.py`` joins them. Nothing here reads or writes the folder
itself: commands call ``samling.domain`` and ``samling.outputs``, which return typed results.
"""

from samling.cli.app import app, main

__all__ = ["app", "main"]
