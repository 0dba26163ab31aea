"""careinspect: inspection management for the regulator of adoption and fostering agencies in England."""

__version__ = "0.1.0"
