"""Backfill ANTARA's past from WARC archives and sitemaps, day partition by day partition, through the ingest stages.

    python -m pipeline backfill (--archive PATH … | --sitemap URL) [--since DATE] [--until DATE] [--warehouse URI]

Sources: :class:`~pipeline.backfill.warc.WarcBackfill` (any WARC file or directory, CC-NEWS included) and
:class:`~pipeline.backfill.sitemap.SitemapBackfill` (sitemap index → dated sitemaps → article URLs, fetched politely
through the live client). :func:`~pipeline.backfill.run.run_backfill` runs them; ``dags/antara_backfill.py`` maps
the same partitions onto Airflow tasks.
"""

from pipeline.backfill.dates import DateRange, parse_day
from pipeline.backfill.run import BackfillReport, run_backfill, run_partition
from pipeline.backfill.warc import WarcBackfill

__all__ = ["BackfillReport", "DateRange", "WarcBackfill", "parse_day", "run_backfill", "run_partition"]
