"""Scenario builders, one per kind of inspection: each walks inspections through the real services to the
states a story needs. `careinspect demo` builds the demo from them; the tests build their cases from them.

This package sits on top of every app (it may import the portal and the registry as well as inspections),
so no app depends on it.
"""
