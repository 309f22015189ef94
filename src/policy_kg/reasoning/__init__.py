"""Reasoning over the graph: the HermiT consistency gate (``consistency``) and materialised inferences (``inference``)."""
