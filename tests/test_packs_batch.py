"""Batch packs are the packs `compliance pack` makes: same bytes, whichever worker built them and
after however many other vendors; workers leave no temporary files; no per-document state piles up."""

from __future__ import annotations

import json
import shutil

from compliance.files import reader

from .conftest import EXAMPLES, run_cli

AS_OF = "2026-03-01"


def test_batch_packs_equal_single_packs_and_leave_no_temporary_files(tmp_path):
    root = tmp_path / "vendors"
    # three vendors, two workers: one worker builds two packs with its shared font configuration
    for name, example in (("a-lotus", "lotus-networks"), ("b-nord", "nordantenna"), ("c-lotus", "lotus-networks")):
        shutil.copytree(EXAMPLES / example, root / name)
    out, tmp = tmp_path / "packs", tmp_path / "tmp"
    tmp.mkdir()
    r = run_cli("batch", root, "-o", out, "--jobs", "2", "--as-of", AS_OF, "--format", "json", env={"TMPDIR": str(tmp)})
    assert r.code == 1, r.stderr  # the examples are not compliant
    rows = json.loads(r.stdout)
    assert [row["vendor"] for row in rows] == ["a-lotus", "b-nord", "c-lotus"]
    assert len({row["worker_pid"] for row in rows}) <= 2
    assert list(tmp.iterdir()) == []  # font folders of the workers' WeasyPrint removed on exit

    for name, example in (("a-lotus", "lotus-networks"), ("b-nord", "nordantenna"), ("c-lotus", "lotus-networks")):
        single = tmp_path / f"{name}.pdf"
        folder = root / name
        r = run_cli("pack", folder / "profile.yaml", folder / "answers.yaml", "-e", folder / "evidence",
                    "--as-of", AS_OF, "-o", single)
        assert r.code in (0, 1), r.stderr
        assert (out / f"{name}-pack-{AS_OF}.pdf").read_bytes() == single.read_bytes(), name


def test_yaml_reader_keeps_nothing_per_document():
    for _ in range(3):
        reader.parse_yaml_text("a: 1\nb: [x, 2026-03-01, 2.5]\n", "t.yaml")
    assert reader._constructor.constructed_objects == {}


def _die_on_second(job, outdir, as_of, lang):
    """A worker function that kills its process for one vendor (as an OOM kill or a native crash would)."""
    import os

    from compliance.packs.batch import VendorOutcome

    if job.name == "b":
        os._exit(1)
    return VendorOutcome(job.name, "compliant", worker_pid=os.getpid())


def test_a_dying_worker_fails_vendors_instead_of_aborting_the_batch(tmp_path):
    from compliance.packs.batch import VendorJob, _parallel

    jobs = [VendorJob(n, str(tmp_path), str(tmp_path / "p.yaml"), None, None) for n in ("a", "b", "c")]
    outcomes = {o.vendor: o for o, _ in _parallel(jobs, 2, str(tmp_path), "2026-03-01", "de", None, None, work=_die_on_second)}
    assert set(outcomes) == {"a", "b", "c"}
    assert outcomes["b"].status == "failed" and "worker process died" in outcomes["b"].error
    assert all(o.status in ("compliant", "failed") for o in outcomes.values())
