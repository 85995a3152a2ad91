"""skillgap analysis: reads the DuckDB store (read-only) and builds the personal gap report and trends.

Entry points (typer-free; each returns the exit code and prints errors as one message):

- :func:`skillgap.analysis.api.report_command` — ``gap-report`` / ``skillgap report``
- :func:`skillgap.analysis.api.trends_command` — ``skillgap trends``
- :func:`skillgap.analysis.db.default_db_path` — the documented default database path

Modules: ``profile`` (me.yaml), ``load`` (SQL aggregation over the public views, one vote per
dedup cluster), ``graph`` (data/skill_graph.yaml: overlap groups, implied credit), ``coverage``
(the objective, gap gains, greedy plan), ``matching`` (gates), ``trends``, ``explain``, ``report``
(one dict for every format), ``render_text`` / ``render_md`` / ``render_html`` / ``render_json`` /
``svg``, ``trends_report``, ``learning`` (data/learning.yaml). Imports nothing from ``pipelines``.
"""
