"""Is the run failed? One rule set for the DAG's final watcher task and the CLI's exit code.

A run is failed when planning failed, when every feed failed or more than ``max_failed_feed_share`` of them did,
when it never reached its load, or when the quality checks failed. A single failed feed alone is not a failed run
(it stays visible on its own mapped task).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.config import Settings
from pipeline.run.artifacts import read_summaries
from pipeline.run.storage import RunPath


@dataclass(frozen=True)
class RunHealth:
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        return "; ".join(self.problems) if self.problems else "healthy"


class RunFailed(RuntimeError):
    """The run as a whole failed (see :func:`run_health`); the message lists why."""


def run_health(run_dir: RunPath, settings: Settings) -> RunHealth:
    summaries = read_summaries(run_dir)
    problems: list[str] = []
    if "plan" not in summaries:
        problems.append("planning failed: no feeds were planned")
    feeds = [s for name, s in summaries.items() if name.startswith("fetch_feed.")]
    failed = sorted(s["feed"] for s in feeds if s.get("error"))
    planned = int(summaries.get("plan", {}).get("feeds", len(feeds)))
    if planned and len(failed) >= planned:
        problems.append(f"all {planned} feeds failed")
    elif planned and len(failed) / planned > settings.max_failed_feed_share:
        share = f"{settings.max_failed_feed_share:.0%}"
        problems.append(f"{len(failed)} of {planned} feeds failed (more than {share}): {', '.join(failed)}")
    if "plan" in summaries and "load" not in summaries:
        problems.append("the run never reached its load")
    checks = summaries.get("checks")
    if "load" in summaries and (checks is None or not checks.get("ok")):
        problems.append("the quality checks failed" if checks else "the quality checks did not run")
    return RunHealth(problems)
