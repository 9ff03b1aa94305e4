"""samling: organize the recurring meetings of a professional network."""

__version__ = "0.1.0"
