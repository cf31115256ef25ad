"""Batch runs: one pack per vendor folder, in parallel worker processes.

``DIR/<vendor>/profile.yaml``, ``answers.yaml`` (or ``.json``) and optional ``evidence/``.
Each worker loads the rule set once (in its initializer) and reuses it for every vendor it gets,
together with one warmed-up WeasyPrint font configuration (see
:func:`compliance.packs.build.pack_font_config`: per-document font set-up made a worker's memory
grow with every pack); the packs are byte-identical to those of `compliance pack`. A vendor's bad
input is reported in its row and the other vendors still finish.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

from ..answers.vendors import ANSWERS_NAMES, vendor_folders
from ..errors import InputError, InputErrors, Location, display_path
from ..files.outputs import pack_filename



@dataclass
class VendorJob:
    name: str
    folder: str
    profile: str
    answers: str | None
    evidence: str | None


@dataclass
class VendorOutcome:
    """One row of the batch summary. ``status``: the verdict, or ``failed`` for bad input."""

    vendor: str
    status: str
    pack: str | None = None
    error: str | None = None
    seconds: float = 0.0
    worker_pid: int = 0
    worker_peak_rss_kb: int = 0
    signed_by: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def discover(root: str | Path) -> list[VendorJob]:
    """Vendor folders under ``root`` (sorted by name); a folder without profile.yaml is skipped."""
    base = Path(root)
    if not base.is_dir():
        raise InputError("batch folder not found", Location(display_path(base)))
    jobs = [
        VendorJob(v.name, str(v.folder), str(v.profile), str(v.answers) if v.answers else None,
                  str(v.evidence) if v.evidence else None)
        for v in vendor_folders(base)
    ]
    if not jobs:
        raise InputError("no vendor folders (each needs a profile.yaml)", Location(display_path(base)))
    return jobs


# --------------------------------------------------------------------------- worker side

#: Per-process state, set by :func:`_init_worker`: the rule set, the template folder and one
#: WeasyPrint font configuration shared by every pack this process builds.
_STATE: dict = {}


def _init_worker(rules_dir: str | None, templates_dir: str | None, sign=None) -> None:  # noqa: ANN001
    from ..ruleset import load_ruleset
    from .build import pack_font_config

    _STATE["sign"] = sign
    _STATE["ruleset"] = load_ruleset(rules_dir)
    _STATE["templates_dir"] = templates_dir
    _STATE["font_config"] = pack_font_config(templates_dir)
    from multiprocessing import parent_process, util

    if parent_process() is not None:  # a pool worker leaves through os._exit: atexit would not run
        util.Finalize(None, _release_worker, exitpriority=10)


def _release_worker() -> None:
    """Drop the per-process state; the font configuration then removes its temporary folder."""
    import gc

    _STATE.clear()
    gc.collect()


def _run_one(job: VendorJob, outdir: str, as_of: str, lang: str) -> VendorOutcome:
    import gc
    import time

    from .build import write_pack

    t0 = time.perf_counter()
    outcome = VendorOutcome(job.name, "failed", worker_pid=os.getpid())
    try:
        if job.answers is None:
            raise InputError(f"no answers file ({' / '.join(ANSWERS_NAMES)})", Location(display_path(job.folder)))
        target = Path(outdir) / pack_filename(lang, as_of, vendor=job.name)
        result = write_pack(
            _STATE["ruleset"],
            job.profile,
            job.answers,
            target,
            as_of=dt.date.fromisoformat(as_of),
            evidence_dir=job.evidence,
            lang=lang,
            templates_dir=_STATE.get("templates_dir"),
            font_config=_STATE.get("font_config"),
            sign=_STATE.get("sign"),
        )
        outcome.status = result.verdict
        outcome.signed_by = result.signature.signer if result.signature else None
        outcome.pack = str(target)
    except InputErrors as exc:
        outcome.error = str(exc.errors[0]) + (f" (+{len(exc.errors) - 1} more)" if len(exc.errors) > 1 else "")
    except InputError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one vendor's failure must not stop the batch
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
    # A rendered document is a large graph of boxes with reference cycles; collect it now rather
    # than whenever the cyclic GC gets round to it, so that peak memory does not depend on timing.
    gc.collect()
    outcome.seconds = round(time.perf_counter() - t0, 3)
    outcome.worker_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


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
    sign=None,  # noqa: ANN001 - a compliance.packs.signing.SignRequest
) -> list[VendorOutcome]:
    """Build one pack per vendor folder of ``root`` into ``outdir``; outcomes in vendor order.

    ``jobs``: worker processes (default: CPU count; 1 runs in this process). ``progress`` is
    called after each vendor with (outcome, done, total). ``sign``: sign every pack with it.
    """
    vendors = discover(root)
    Path(outdir).mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(vendors)))
    rules = str(rules_dir) if rules_dir else None
    tmpl = str(templates_dir) if templates_dir else None
    results: dict[str, VendorOutcome] = {}
    if workers == 1:
        _init_worker(rules, tmpl, sign)
        try:
            for i, job in enumerate(vendors, 1):
                out = _run_one(job, str(outdir), as_of.isoformat(), lang)
                results[job.name] = out
                if progress:
                    progress(out, i, len(vendors))
        finally:
            _release_worker()
    else:
        for out, done in _parallel(vendors, workers, str(outdir), as_of.isoformat(), lang, rules, tmpl, sign=sign):
            results[out.vendor] = out
            if progress:
                progress(out, done, len(vendors))
    return [results[v.name] for v in vendors]


def _parallel(vendors, workers, outdir, as_of, lang, rules, tmpl, work=None, sign=None) -> Iterator[tuple[VendorOutcome, int]]:
    """Outcomes as workers finish them; ``work`` (default :func:`_run_one`) builds one vendor."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(rules, tmpl, sign)) as pool:
        jobs = {pool.submit(work or _run_one, job, outdir, as_of, lang): job for job in vendors}
        pending = set(jobs)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                done += 1
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory, a crash in native code): the pool is
                    # gone, so this and every vendor still pending fail, each in its own row.
                    outcome = VendorOutcome(jobs[fut].name, "failed", error="worker process died before finishing this vendor")
                yield outcome, done
