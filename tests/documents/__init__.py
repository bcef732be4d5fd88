"""Tests of the document kinds (``hmtn_docs/documents/``): the registry, and each kind."""
