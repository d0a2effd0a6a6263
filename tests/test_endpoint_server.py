"""web.server: as many threads as query workers and two more, and waitress's "Task
queue depth" warning (written for nearly every request when more clients than threads
keep it busy) let through once a minute."""

from __future__ import annotations

import logging

from web.server import OncePerInterval


def test_one_warning_per_interval_with_the_count_held_back():
    now = [0.0]
    logger = logging.getLogger("test.endpoint.queue")
    logger.propagate = False
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    logger.addHandler(Keep())
    logger.addFilter(OncePerInterval(60, clock=lambda: now[0]))
    for depth in range(1, 6):
        logger.warning("Task queue depth is %d", depth)
    now[0] = 61.0
    logger.warning("Task queue depth is %d", 9)
    assert seen == ["Task queue depth is 1",
                    "Task queue depth is 9 (4 more such warnings in the last interval)"]


def test_threads_follow_the_query_workers():
    from kg.settings import Settings
    from web.server import threads_for

    assert threads_for(Settings(query_workers=4)) == 6
    assert threads_for(Settings(query_workers=0)) == 8
