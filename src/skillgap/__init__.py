"""skillgap: which skills open the most doors for entry-level ML and data jobs.

One import package. Its subpackages live in the repository's top-level folders (mapped by
``[tool.setuptools.package-dir]`` in pyproject.toml):

- :mod:`skillgap.pipelines` (``pipelines/``) — sources, HTTP, the DuckDB store, the Prefect flow, the CLI
- :mod:`skillgap.extractors` (``extractors/``) — spaCy extraction; imports nothing from the project
- :mod:`skillgap.analysis` (``analysis/``) — gap report and trends; reads the store only
- :mod:`skillgap.data` (``data/``) — taxonomy, default sources, demo responses, models
"""

__version__ = "0.2.0"
