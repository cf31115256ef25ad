"""The vendor portal as a client uses it, for the tests and the benchmark: requests made through
the API, the questionnaire read and posted as a browser posts it (session cookie, CSRF field,
multipart), and the answers that comply with every question of a questionnaire (worked out
from the rule set, so they follow the rules as they change)."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "tests" / "data" / "portal" / "profile.yaml"
AS_OF = "2026-03-01"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def complying_value(question, as_of: dt.date) -> str:  # noqa: ANN001 - a Question
    """A form value that complies with ``question`` (as a browser sends it)."""
    kind = question.type
    if kind == "boolean":
        return "yes" if question.expected else "no"
    if kind == "choice":
        return next(c.key for c in question.choices if c.complies)
    if kind == "date":
        return (as_of + dt.timedelta(days=3 * 365)).isoformat()  # a "valid until" date well after the as-of date
    if kind == "number":
        return str(question.min if question.min is not None else question.max if question.max is not None else 1)
    if kind == "text":
        return "Described in the attached policy, section 4 (supplier security)."[: max(question.min_length or 0, 66)]
    return ""


def questionnaire_of(profile_path: Path = PROFILE, as_of: str = AS_OF, lang: str = "en"):  # noqa: ANN201 - a DocumentContext
    """The questionnaire the portal shows for ``profile_path`` on ``as_of`` (its document context)."""
    from compliance.documents.documents import questionnaire
    from compliance.ruleset import load_profile, load_ruleset

    rs = load_ruleset()
    return questionnaire(rs, load_profile(profile_path, rs), dt.date.fromisoformat(as_of), lang=lang).context, rs


def complying_form(profile_path: Path = PROFILE, as_of: str = AS_OF) -> tuple[dict[str, str], list[str]]:
    """The form values that comply with every question, and the rules that want evidence files."""
    ctx, rs = questionnaire_of(profile_path, as_of)
    models = {q.id: q for r in rs.rules for q in r.questions}
    day = dt.date.fromisoformat(as_of)
    values = {q.field: complying_value(models[q.id], day) for r in ctx.rules for q in r.questions}
    needs_files = [r.id for r in ctx.rules if any(e.required for e in r.evidence) or
                   any(q.control.kind == "files" for q in r.questions)]
    return {k: v for k, v in values.items() if v}, needs_files


def create_request(client: httpx.Client, profile: dict | str, *, as_of: str = AS_OF, due: str | None = None,
                   lang: str = "en") -> dict:
    body = {"profile": profile, "as_of": as_of, "lang": lang}
    if due:
        body["due"] = due
    r = client.post("/api/v1/requests", json=body)
    assert r.status_code == 201, r.text
    return r.json()


class Vendor:
    """A vendor's browser, without the browser: a cookie jar, the CSRF token of the last page."""

    def __init__(self, url: str, **client_options):
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        self.base, self.path = f"{parts.scheme}://{parts.netloc}", parts.path
        self.client = httpx.Client(base_url=self.base, timeout=120, **client_options)
        self.csrf: str | None = None

    def open(self, path: str | None = None) -> httpx.Response:
        r = self.client.get(path or self.path)
        found = _CSRF.search(r.text)
        self.csrf = found.group(1) if found else self.csrf
        return r

    def post(self, action: str, values: dict[str, str], files: list[tuple[str, tuple[str, bytes]]] = (),
             path: str | None = None, **extra) -> httpx.Response:
        data = {**values, "csrf": self.csrf or "", "action": action, **extra}
        # multipart even without files, as the browser sends this form
        parts = list(files) or [("evidence__none", ("", b""))]
        r = self.client.post(path or self.path, data=data, files=parts)
        if r.status_code == 303:
            return self.open(r.headers["location"].split("#")[0])
        return r

    def close(self) -> None:
        self.client.close()


def wait_for_pack(api: httpx.Client, request_id: int, timeout: float = 180) -> dict:
    """The request once its pack is built (polls the API)."""
    deadline = time.monotonic() + timeout
    while True:
        info = api.get(f"/api/v1/requests/{request_id}").json()
        if info["pack"] and info["pack_state"] is None:
            return info
        assert info["pack_state"] != "failed", info
        assert time.monotonic() < deadline, f"no pack after {timeout} s: {info}"
        time.sleep(0.2)
