"""khabar: Hindi news to a validated, versioned event warehouse."""

__version__ = "0.1.0"
