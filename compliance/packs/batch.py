"""Batch runs: one pack per vendor folder, in parallel worker processes.

``DIR/<vendor>/profile.yaml``, ``answers.yaml`` (or ``.json``) and optional ``evidence/``; files
and folders that are symbolic links out of the vendor folder are refused (the vendor fails).
Each worker loads the rule set once (in its initializer) and reuses it for every vendor it gets,
together with one warmed-up WeasyPrint font configuration (see
:func:`compliance.packs.build.pack_font_config`: per-document font set-up made a worker's memory
grow with every pack); the packs are byte-identical to those of `compliance pack`. A vendor's bad
input is reported in its row and the other vendors still finish.

Stopping (:class:`Stop`, set by the CLI's SIGINT/SIGTERM handlers): no vendor is started after the
request; vendors in progress may finish for :data:`GRACE_SECONDS`, then (or at a second request)
their workers are ended and they are ``interrupted`` (nothing half-written: a worker told to stop
unwinds, removing its temporary files). Workers ignore SIGINT, so that Ctrl-C in a terminal (which
signals the whole process group) reaches only the driver. Every vendor gets a row: done, failed,
``interrupted`` or ``not_started``.

Resuming (``resume=True``): a vendor whose pack exists, verifies intact and was made from the same
inputs (profile, answers, evidence, as-of date, language) is ``skipped``; packs being
deterministic, a resumed batch ends with the packs an uninterrupted one writes.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..answers.vendors import ANSWERS_NAMES, vendor_folders
from ..enums import BatchStatus, Verdict
from ..errors import InputError, InputErrors, Location, display_path
from ..files.outputs import pack_filename

#: Seconds vendors in progress may take to finish after a stop request before they are abandoned.
GRACE_SECONDS = 2.0
#: Seconds a worker told to stop may take to exit before it is killed.
EXIT_SECONDS = 3.0


@dataclass
class VendorJob:
    name: str
    folder: str
    profile: str
    answers: str | None
    evidence: str | None
    refused: tuple[str, ...] = ()


@dataclass
class VendorOutcome:
    """One row of the batch summary. ``status``: the verdict, or a :class:`BatchStatus`
    (``failed`` for bad input, ``skipped``, ``interrupted``, ``not_started``); ``verdict``: the
    verdict of the vendor's pack (also for ``skipped``: the one recorded in the existing pack)."""

    vendor: str
    status: str
    pack: str | None = None
    error: str | None = None
    seconds: float = 0.0
    worker_pid: int = 0
    worker_peak_rss_kb: int = 0
    verdict: str | None = None
    signed_by: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Stop:
    """A request to stop a batch, set from a signal handler (:meth:`request`): ``signum`` is the
    first signal; a second request asks to abandon vendors in progress at once."""

    signum: int | None = None
    abandon: bool = False
    at: float = field(default=0.0)

    def request(self, signum: int) -> None:
        if self.signum is None:
            self.signum, self.at = signum, time.monotonic()
        else:
            self.abandon = True

    @property
    def requested(self) -> bool:
        return self.signum is not None


def discover(root: str | Path) -> list[VendorJob]:
    """Vendor folders under ``root`` (sorted by name); a folder without profile.yaml is skipped."""
    base = Path(root)
    if not base.is_dir():
        raise InputError("batch folder not found", Location(display_path(base)))
    jobs = [
        VendorJob(v.name, str(v.folder), str(v.profile), str(v.answers) if v.answers else None,
                  str(v.evidence) if v.evidence else None, v.refused)
        for v in vendor_folders(base)
    ]
    if not jobs:
        raise InputError("no vendor folders (each needs a profile.yaml)", Location(display_path(base)))
    return jobs


# --------------------------------------------------------------------------- worker side

#: Per-process state, set by :func:`_init_worker`: the rule set, the template folder and one
#: WeasyPrint font configuration shared by every pack this process builds.
_STATE: dict = {}


class _Abandon(BaseException):
    """Raised in a worker told to stop (SIGTERM): unwinds the pack being built, removing its
    temporary files, before the worker exits."""


def _on_term(signum, frame) -> None:  # noqa: ANN001 - signal handler
    if _STATE.get("busy"):
        raise _Abandon()
    _release_worker()
    os._exit(128 + signum)


def _init_worker(rules_dir: str | None, templates_dir: str | None, sign=None) -> None:  # noqa: ANN001
    from ..ruleset import load_ruleset
    from .build import pack_font_config

    _STATE["sign"] = sign
    _STATE["ruleset"] = load_ruleset(rules_dir)
    _STATE["templates_dir"] = templates_dir
    _STATE["font_config"] = pack_font_config(templates_dir)
    import gc

    gc.collect()
    gc.freeze()  # modules, rule set, fonts live as long as the worker: the per-pack collections skip them
    from multiprocessing import parent_process, util

    if parent_process() is not None:  # a pool worker leaves through os._exit: atexit would not run
        util.Finalize(None, _release_worker, exitpriority=10)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
        signal.signal(signal.SIGTERM, _on_term)


def _release_worker() -> None:
    """Drop the per-process state; the font configuration then removes its temporary folder."""
    import gc

    _STATE.clear()
    gc.collect()


def _run_one(job: VendorJob, outdir: str, as_of: str, lang: str, resume: bool = False) -> VendorOutcome:
    import gc

    t0 = time.perf_counter()
    outcome = VendorOutcome(job.name, BatchStatus.failed, worker_pid=os.getpid())
    _STATE["busy"] = True
    try:
        _build(job, Path(outdir) / pack_filename(lang, as_of, vendor=job.name), dt.date.fromisoformat(as_of), lang,
               resume, outcome)
    except InputErrors as exc:
        outcome.error = str(exc.errors[0]) + (f" (+{len(exc.errors) - 1} more)" if len(exc.errors) > 1 else "")
    except InputError as exc:
        outcome.error = str(exc)
    except _Abandon:
        _release_worker()
        os._exit(128 + signal.SIGTERM)  # unwound: no temporary file left; the driver reports the vendor
    except Exception as exc:  # noqa: BLE001 - one vendor's failure must not stop the batch
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
    finally:
        _STATE["busy"] = False
    # A rendered document is a large graph of boxes with reference cycles; collect it now rather
    # than whenever the cyclic GC gets round to it, so that peak memory does not depend on timing.
    gc.collect()
    outcome.seconds = _since(t0)
    outcome.worker_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


def _build(job: VendorJob, target: Path, as_of: dt.date, lang: str, resume: bool, outcome: VendorOutcome) -> None:
    from .build import write_pack

    if job.refused:
        raise InputErrors([InputError(r) for r in job.refused])
    if job.answers is None:
        raise InputError(f"no answers file ({' / '.join(ANSWERS_NAMES)})", Location(display_path(job.folder)))
    if resume and (verdict := _up_to_date(job, target, as_of, lang)) is not None:
        outcome.status, outcome.verdict, outcome.pack = BatchStatus.skipped, verdict, str(target)
        return
    result = write_pack(
        _STATE["ruleset"], job.profile, job.answers, target, as_of=as_of, evidence_dir=job.evidence, lang=lang,
        templates_dir=_STATE.get("templates_dir"), font_config=_STATE.get("font_config"), sign=_STATE.get("sign"),
    )
    outcome.status = outcome.verdict = result.verdict
    outcome.signed_by = result.signature.signer if result.signature else None
    outcome.pack = str(target)


def _up_to_date(job: VendorJob, target: Path, as_of: dt.date, lang: str) -> str | None:
    """The recorded verdict of ``target`` if it verifies intact and was made from the vendor's
    current inputs on ``as_of`` in ``lang`` (else None: build it again)."""
    if not target.is_file() or target.is_symlink():
        return None
    from ..answers import read_answers
    from ..checking import check
    from ..ruleset import load_profile
    from .build import embedded_inputs
    from .verify import verify_pack

    rs = _STATE["ruleset"]
    try:
        report = verify_pack(target, rs)
    except InputError:
        return None
    m = report.manifest
    if not report.ok or m.get("as_of") != as_of.isoformat() or m.get("lang") != lang:
        return None
    profile = load_profile(job.profile, rs)
    answers = read_answers(job.answers, rs, profile_id=profile.id).answers
    profile_bytes, answers_bytes = embedded_inputs(profile, answers)
    first = check(rs, profile, answers, as_of=as_of, evidence_dir=job.evidence, lang=lang)
    evidence = {(e.path, e.sha256) for e in first.evidence}
    listed = m["files"]
    from .contents import ANSWERS, PROFILE, sha256

    same = (listed.get(PROFILE, {}).get("sha256") == sha256(profile_bytes)
            and listed.get(ANSWERS, {}).get("sha256") == sha256(answers_bytes)
            and {(e["path"], e["sha256"]) for e in m["evidence"]} == evidence)
    return report.recorded_verdict if same else None


# --------------------------------------------------------------------------- driver side


def run_batch(
    root: str | Path,
    outdir: str | Path,
    *,
    as_of: dt.date,
    lang: str = "de",
    jobs: int | None = None,
    rules_dir: str | Path | None = None,
    templates_dir: str | Path | None = None,
    progress: Callable[[VendorOutcome, int, int], None] | None = None,
    stop: Stop | None = None,
    resume: bool = False,
    sign=None,  # noqa: ANN001 - a compliance.packs.signing.SignRequest
) -> list[VendorOutcome]:
    """Build one pack per vendor folder of ``root`` into ``outdir``; outcomes in vendor order.
    ``sign``: sign every pack with it.

    ``jobs``: worker processes (default: CPU count; 1 runs in this process). ``progress`` is
    called after each vendor with (outcome, done, total). ``stop``: checked between vendors (see
    the module's docstring); every vendor still gets a row. ``resume``: skip vendors whose pack
    is intact and up to date.
    """
    vendors = discover(root)
    Path(outdir).mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(vendors)))
    rules = str(rules_dir) if rules_dir else None
    tmpl = str(templates_dir) if templates_dir else None
    stop = stop or Stop()
    results: dict[str, VendorOutcome] = {}
    if workers == 1:
        _init_worker(rules, tmpl, sign)
        try:
            for i, job in enumerate(vendors, 1):
                if stop.requested:
                    break
                t0 = time.perf_counter()
                try:
                    out = _run_one(job, str(outdir), as_of.isoformat(), lang, resume)
                except KeyboardInterrupt:  # a second Ctrl-C: abandon this vendor (unwound, nothing written)
                    results[job.name] = VendorOutcome(job.name, BatchStatus.interrupted, seconds=_since(t0))
                    break
                results[job.name] = out
                if progress:
                    progress(out, i, len(vendors))
        finally:
            _release_worker()
    else:
        for out, done in _parallel(vendors, workers, str(outdir), as_of.isoformat(), lang, rules, tmpl,
                                   stop=stop, resume=resume, sign=sign):
            results[out.vendor] = out
            if progress and out.status not in (BatchStatus.interrupted, BatchStatus.not_started):
                progress(out, done, len(vendors))
    _remove_leftovers(Path(outdir))
    return [results.get(v.name) or VendorOutcome(v.name, BatchStatus.not_started) for v in vendors]


def _remove_leftovers(outdir: Path) -> None:
    """Temporary files of packs whose worker was killed before it could remove them."""
    for part in outdir.glob(".*-pack-*.pdf.*.part"):
        try:
            part.unlink()
        except OSError:
            pass


def _parallel(vendors, workers, outdir, as_of, lang, rules, tmpl, work=None, *, stop: Stop | None = None,
              resume: bool = False, sign=None) -> Iterator[tuple[VendorOutcome, int]]:  # noqa: ANN001
    """Outcomes as workers finish them; ``work`` (default :func:`_run_one`) builds one vendor.

    At most ``workers`` vendors are handed out at a time, so that a stop request starts no more.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    stop = stop or Stop()
    done = 0
    queue = iter(vendors)
    running: dict = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(rules, tmpl, sign))
    try:
        while True:
            while not stop.requested and len(running) < workers and (job := next(queue, None)) is not None:
                running[pool.submit(work or _run_one, job, outdir, as_of, lang, *((resume,) if resume else ()))] = (job, time.perf_counter())
            if not running:
                break
            finished, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
            for fut in finished:
                job, _t0 = running.pop(fut)
                done += 1
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory, a crash in native code): the pool is
                    # gone, so this and every vendor still pending fail, each in its own row.
                    outcome = VendorOutcome(job.name, BatchStatus.failed, error="worker process died before finishing this vendor")
                yield outcome, done
            if stop.requested and (stop.abandon or time.monotonic() - stop.at > GRACE_SECONDS):
                break
    except KeyboardInterrupt:
        stop.abandon = True
    finally:
        abandoned = list(running.values())
        _end_workers(pool, bool(running))
    for job, t0 in abandoned:  # the time they ran before they were abandoned
        yield VendorOutcome(job.name, BatchStatus.interrupted, seconds=_since(t0)), done


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


def _end_workers(pool: ProcessPoolExecutor, busy: bool) -> None:
    """Shut the pool down; workers still busy are told to stop (SIGTERM: they unwind and exit),
    and killed when they take longer than :data:`EXIT_SECONDS`. No worker outlives the batch."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public API before Python 3.14
    if busy:
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
    pool.shutdown(wait=not busy, cancel_futures=True)
    deadline = time.monotonic() + EXIT_SECONDS
    for proc in processes:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)


__all__ = ["GRACE_SECONDS", "Stop", "VendorJob", "VendorOutcome", "discover", "run_batch"]
