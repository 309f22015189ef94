"""policy-kg: a knowledge graph of public policy documents and their implementation, as linked open data."""

__version__ = "0.1.0"
