"""privacykg: the knowledge graph, its store, rules, exports and command line."""

__version__ = "0.1.0"
