"""Datasets agencies upload: reading, validation and measures (issue 4). No Django imports below here
except the app config and the management commands.

Entry point: `careinspect.datasets.validate.validate_dataset(kind, source, ...)`.
"""
