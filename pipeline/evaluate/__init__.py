"""Quality evaluations: ``python -m pipeline.evaluate {extraction,dedup,translation} …``."""
