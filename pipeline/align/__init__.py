"""Sentence alignment of linked Indonesian/English article pairs, stored as a parallel corpus and scored."""

from pipeline.align.aligner import Alignment, Link, LinkType, Method, align
from pipeline.align.quality import compare_revisions, rescore, revision_regression
from pipeline.align.store import AlignReport, align_linked_pairs

__all__ = [
    "AlignReport",
    "Alignment",
    "Link",
    "LinkType",
    "Method",
    "align",
    "align_linked_pairs",
    "compare_revisions",
    "rescore",
    "revision_regression",
]
