"""`compliance batch` stops and resumes (issue #12, cases 5 and 6), with real signals sent to a
real `compliance batch` process: SIGINT (to the whole process group, as Ctrl-C in a terminal
does) and SIGTERM (to the parent only, as a service manager does). No vendor is started after the
signal, the summary is printed, the exit code is 130 / 143, no worker is left running, nothing is
half-written, and `--resume` then ends with the packs an uninterrupted batch writes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import COMPLIANCE, EXAMPLES, ROOT, run_cli

AS_OF = "2026-10-01"
VENDORS = 6


@pytest.fixture(scope="module")
def vendors(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("vendors")
    for i in range(VENDORS):
        shutil.copytree(EXAMPLES / "nordantenna", root / f"v{i:02d}")
    return root


@pytest.fixture(scope="module")
def uninterrupted(vendors, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("uninterrupted")
    r = run_cli("batch", vendors, "-o", out, "--jobs", "2", "--as-of", AS_OF, "-f", "json")
    assert r.code == 0, r.stderr
    return out


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (the forkserver and its workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _interrupt(vendors: Path, out: Path, signum: int, *, group: bool) -> tuple[int, list[dict], str, set[int], float]:
    """Start a batch, signal it once its first pack is written, wait for it (bounded)."""
    proc = subprocess.Popen(
        [str(COMPLIANCE), "batch", str(vendors), "-o", str(out), "--jobs", "2", "--as-of", AS_OF, "-f", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("*.pdf")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no pack written within 120 s"
            time.sleep(0.05)
        workers = _descendants(proc.pid)
        sent = time.monotonic()
        if group:
            os.killpg(proc.pid, signum)  # Ctrl-C: the whole foreground process group
        else:
            os.kill(proc.pid, signum)
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, json.loads(stdout), stderr, workers, took


def _check_stopped(code: int, expected: int, rows: list[dict], stderr: str, workers: set[int], took: float, out: Path):
    assert code == expected, (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert took < 15, f"exit took {took:.1f} s after the signal"
    assert [r["vendor"] for r in rows] == [f"v{i:02d}" for i in range(VENDORS)]  # the summary: every vendor
    statuses = {r["status"] for r in rows}
    assert statuses <= {"compliant", "interrupted", "not_started"}, statuses
    assert "not_started" in statuses  # dispatching stopped at once
    # a vendor abandoned in progress says how long it ran; one never started ran for no time
    assert all(r["seconds"] > 0 for r in rows if r["status"] == "interrupted"), rows
    assert all(r["seconds"] == 0 for r in rows if r["status"] == "not_started"), rows
    written = sorted(p.name for p in out.iterdir())
    assert not [n for n in written if n.endswith(".part") or n.startswith(".")], written  # nothing half-written
    assert written == sorted(Path(r["pack"]).name for r in rows if r["status"] == "compliant")
    # The workers are joined before the batch exits; the forkserver leaves as soon as it sees the
    # batch gone (its pipe closes), which may take a moment after the batch's own exit.
    deadline = time.monotonic() + 5
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers and not [pid for pid in workers if _alive(pid)], "a worker outlived the batch"
    for name in written:  # every pack written is complete
        assert run_cli("verify", out / name).code == 0, name


def _resume_matches(vendors: Path, out: Path, uninterrupted: Path, rows: list[dict]) -> None:
    before = {r["vendor"] for r in rows if r["status"] == "compliant"}
    r = run_cli("batch", vendors, "-o", out, "--jobs", "2", "--as-of", AS_OF, "-f", "json", "--resume")
    assert r.code == 0, r.stderr
    again = {row["vendor"]: row for row in json.loads(r.stdout)}
    assert {v for v, row in again.items() if row["status"] == "skipped"} == before
    assert all(row["verdict"] == "compliant" for row in again.values())
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in uninterrupted.iterdir())
    for pack in uninterrupted.iterdir():
        assert (out / pack.name).read_bytes() == pack.read_bytes(), pack.name


def test_ctrl_c_stops_dispatching_prints_the_summary_and_resumes(vendors, uninterrupted, tmp_path):
    out = tmp_path / "out"
    code, rows, stderr, workers, took = _interrupt(vendors, out, signal.SIGINT, group=True)
    _check_stopped(code, 130, rows, stderr, workers, took, out)
    assert "stopping (SIGINT)" in stderr
    _resume_matches(vendors, out, uninterrupted, rows)


def test_sigterm_to_the_parent_leaves_no_worker_and_resumes(vendors, uninterrupted, tmp_path):
    out = tmp_path / "out"
    code, rows, stderr, workers, took = _interrupt(vendors, out, signal.SIGTERM, group=False)
    _check_stopped(code, 143, rows, stderr, workers, took, out)
    _resume_matches(vendors, out, uninterrupted, rows)


def test_resume_rebuilds_a_tampered_or_outdated_pack(vendors, uninterrupted, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(uninterrupted, out)
    (out / f"v01-pack-{AS_OF}.pdf").write_bytes(b"%PDF-1.7\nnot a pack any more\n")
    root = tmp_path / "vendors"
    shutil.copytree(vendors, root)
    answers = root / "v02" / "answers.yaml"
    answers.write_text(answers.read_text().replace("PSIRT handles", "The PSIRT handles"))
    r = run_cli("batch", root, "-o", out, "--jobs", "1", "--as-of", AS_OF, "-f", "json", "--resume")
    assert r.code == 0, r.stderr
    rows = {row["vendor"]: row["status"] for row in json.loads(r.stdout)}
    assert rows["v01"] == rows["v02"] == "compliant"  # rebuilt: broken, and made from other answers
    assert {v for v, s in rows.items() if s == "skipped"} == {f"v{i:02d}" for i in range(VENDORS)} - {"v01", "v02"}
    assert (out / f"v01-pack-{AS_OF}.pdf").read_bytes() == (uninterrupted / f"v01-pack-{AS_OF}.pdf").read_bytes()


def test_a_symlinked_evidence_folder_is_refused(tmp_path):
    """Case 5 as written: vendors/evil/evidence -> /etc must not put /etc/passwd into a pack."""
    root = tmp_path / "vendors"
    evil = root / "evil"
    evil.mkdir(parents=True)
    shutil.copy(EXAMPLES / "nordantenna" / "profile.yaml", evil / "profile.yaml")
    (evil / "answers.yaml").write_text((EXAMPLES / "nordantenna" / "answers.yaml").read_text()
                                       .replace("[secure-development-policy.txt]", "[passwd]", 1))
    os.symlink("/etc", evil / "evidence")
    sneaky = root / "sneaky"
    shutil.copytree(EXAMPLES / "nordantenna", sneaky)
    (sneaky / "answers.yaml").unlink()
    os.symlink(EXAMPLES / "lotus-networks" / "answers.yaml", sneaky / "answers.yaml")
    out = tmp_path / "out"
    r = run_cli("batch", root, "-o", out, "--jobs", "1", "--as-of", AS_OF, "-f", "json")
    assert r.code == 1, r.stderr
    rows = {row["vendor"]: row for row in json.loads(r.stdout)}
    assert rows["evil"]["status"] == "failed" and "evidence: symbolic link to /etc, outside the vendor folder" in rows["evil"]["error"]
    assert rows["sneaky"]["status"] == "failed" and "answers.yaml: symbolic link" in rows["sneaky"]["error"]
    assert not list(out.glob("*.pdf"))
