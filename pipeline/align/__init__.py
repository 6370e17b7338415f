"""Sentence alignment of linked Indonesian/English article pairs, stored as a parallel corpus and scored."""

from pipeline.align.aligner import Alignment, Link, LinkType, Method, align

__all__ = ["Alignment", "Link", "LinkType", "Method", "align"]
