"""Files shipped inside the package (package data): document templates, JSON Schemas and the
default website (``mkdocs.yml`` and its hand-written sources), with the example plan
``hmtn init`` copies.

One copy of each lives here, in the package, so an installed wheel finds them as well as a
checkout does (``[tool.setuptools.package-data]`` in pyproject.toml lists them).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# setuptools installs the package as plain files (wheel or editable), never zipped, so the
# resource folder is a real folder MkDocs, docxtpl and LibreOffice can open by path.
DATA = Path(str(files("hmtn_docs") / "data"))
TEMPLATES = DATA / "templates"
SCHEMAS = DATA / "schema"
SITE_CONFIG = DATA / "mkdocs.yml"
SITE_SOURCES = DATA / "site"
EXAMPLE_PLAN = DATA / "example"
