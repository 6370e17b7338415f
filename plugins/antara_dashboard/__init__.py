"""The ANTARA dashboard inside the Airflow UI: warehouse metrics rendered as server-side SVG charts."""
