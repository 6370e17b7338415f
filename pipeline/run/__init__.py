"""A run's spine, shared by the Airflow DAGs and the CLI, one module per stage family.

:mod:`~pipeline.run.artifacts` (run files and summaries), :mod:`~pipeline.run.feeds` (plan, poll, collect),
:mod:`~pipeline.run.pages` (fetch pages, extract + language ID), :mod:`~pipeline.run.translate`,
:mod:`~pipeline.run.load` (validate, dedup and load in one transaction; checks), :mod:`~pipeline.run.health`
(is the run failed?), :mod:`~pipeline.run.validate` (per-item schema limits), :mod:`~pipeline.run.lock`.
Nothing below ``pipeline.run`` imports it (``pipeline.fetch`` never reaches up here).
"""
