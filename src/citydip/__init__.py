"""citydip: a city diplomacy registry and observatory."""

__version__ = "0.1.0"
