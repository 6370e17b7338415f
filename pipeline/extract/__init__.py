"""Article extraction for ANTARA pages: layout rule sets, boilerplate rules, trafilatura as the engine."""

from pipeline.extract.layouts import LAYOUTS, Layout
from pipeline.extract.page import extract_page

__all__ = ["LAYOUTS", "Layout", "extract_page"]
