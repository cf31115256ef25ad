"""A bounded process pool for rendering, so that the event loop never blocks on WeasyPrint.

Admission control: at most ``workers + queue`` jobs are in flight per server process; one more
raises :class:`PoolFull`, which the service answers with 503 and a ``Retry-After`` estimated from
the recent job times. A slot is freed when its job really ends (a client that hangs up does not
free it: the job still occupies a process).

The processes come from a ``forkserver``: never ``fork()`` the threaded server process itself.
The fork server preloads the heavy modules once (:mod:`.jobs` imports them), and every worker is
warmed up at start, so the first request does not pay for imports. ``max_tasks_per_child``
bounds what a long-lived renderer may accumulate.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

#: Jobs one worker process runs before it is replaced by a fresh one.
TASKS_PER_CHILD = 500


class PoolFull(Exception):
    """Every process is busy and the queue is full; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"busy: try again in {retry_after} s")
        self.retry_after = retry_after


class BoundedPool:
    def __init__(self, workers: int, queue: int, *, preload: tuple[str, ...] = (),
                 initializer: Callable[..., None] | None = None, initargs: tuple = ()):
        self.workers, self.queue = max(1, workers), max(0, queue)
        self.limit = self.workers + self.queue
        self.in_flight = 0
        self.mean_seconds = 1.0  # moving average of a job's time, for Retry-After
        self._ctx = multiprocessing.get_context("forkserver")
        if preload:
            self._ctx.set_forkserver_preload(list(preload))
        self._init = (initializer, initargs)
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        initializer, initargs = self._init
        return ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=initializer, initargs=initargs,
                                   max_tasks_per_child=TASKS_PER_CHILD)

    async def warm(self, fn: Callable[[], Any]) -> list[Any]:
        """Start every worker process now (running ``fn`` in each), not on the first request."""
        loop = asyncio.get_running_loop()
        return await asyncio.gather(*(loop.run_in_executor(self._executor, fn) for _ in range(self.workers)))

    def retry_after(self) -> int:
        waiting = self.in_flight - self.workers + 1
        return max(1, math.ceil(self.mean_seconds * waiting / self.workers))

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker process; :class:`PoolFull` when no slot is free."""
        if self.in_flight >= self.limit:
            raise PoolFull(self.retry_after())
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            future: Future = self._executor.submit(fn, *args)
        except BrokenProcessPool:
            self._executor = self._new_executor()
            future = self._executor.submit(fn, *args)
        self.in_flight += 1  # the event loop is one thread: no lock needed

        def done(_f: Future) -> None:  # runs in the executor's thread: hand back to the loop
            try:
                loop.call_soon_threadsafe(self._release, started)
            except RuntimeError:  # the loop is closed (shutting down)
                pass

        future.add_done_callback(done)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # a worker died (killed, out of memory): this job fails, the next ones get a new pool
            self._executor = self._new_executor()
            raise

    def _release(self, started: float) -> None:
        self.in_flight -= 1
        self.mean_seconds = 0.8 * self.mean_seconds + 0.2 * (time.monotonic() - started)

    def shutdown(self) -> None:
        """Wait for running jobs; cancel the ones still queued."""
        self._executor.shutdown(wait=True, cancel_futures=True)
