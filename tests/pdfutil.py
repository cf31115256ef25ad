"""Helpers for the document tests: read PDFs back with independent tools, a spy HTTP server."""

from __future__ import annotations

import http.server
import io
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path


def pdftotext(pdf: bytes | Path, *, first: int | None = None, last: int | None = None) -> str:
    """Text of a PDF via poppler's pdftotext (layout-free)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if isinstance(pdf, Path):
        return subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def qpdf_check(path: Path) -> str:
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def reader(pdf: bytes | Path):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def outline_titles(pdf: bytes) -> list[str]:
    out: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(reader(pdf).outline)
    return out


@contextmanager
def spy_server():
    """A local HTTP server on 127.0.0.1 that records every request path it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b"body{}"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # silence
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield base, hits
        # control: the spy does hear requests (so an empty list above means nothing was sent)
        seen = list(hits)
        import urllib.request

        urllib.request.urlopen(base + "/control", timeout=5).read()
        assert hits == [*seen, "/control"]
    finally:
        server.shutdown()
        server.server_close()
