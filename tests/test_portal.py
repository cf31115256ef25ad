"""The vendor portal over HTTP (httpx against a real `compliance serve`): requests through the API
and the dashboard, the questionnaire as a browser posts it (session cookie, CSRF field,
multipart), drafts, uploads, checks, packs with their history, signed uploads, closing, and the
security of it all (links isolated, CSRF, rate limit, upload limits, headers, escaping).

One SQLite server for the module; one PostgreSQL server with two workers for the test that the
work and the sessions are shared, and that a pack left pending is built after a restart. The
browser itself is tests/test_portal_browser.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import yaml

from .conftest import ROOT, run_cli
from .pgcluster import PgCluster, find_bin
from .portal_flow import AS_OF, PROFILE, Vendor, complying_form, create_request, questionnaire_of, wait_for_pack
from .servers import Server, portal_server

sys_path_scripts = str(ROOT / "scripts")


def profile_json(path: Path = PROFILE) -> dict:
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from portal_server(tmp_path_factory.mktemp("portal") / "data", "ops")


def evidence_parts(rules: list[str]) -> list[tuple[str, tuple[str, bytes]]]:
    return [(f"evidence__{rid}", (f"{rid.lower()}-evidence.pdf", f"%PDF-1.4 evidence for {rid}".encode())) for rid in rules]


class Page(HTMLParser):
    """The elements of a page that the tests look at: ids, labels, inputs, fieldsets, scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.labels: set[str] = set()
        self.inputs: list[dict] = []
        self.fieldsets = self.legends = self.scripts = self.styles = 0
        self.inline_styles = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.inline_styles += 1
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "textarea", "select"):
            self.inputs.append({"tag": tag, **a})
        self.fieldsets += tag == "fieldset"
        self.legends += tag == "legend"
        self.scripts += tag == "script"
        self.styles += tag == "style"

    def named(self, name: str) -> list[dict]:
        return [i for i in self.inputs if i.get("name") == name]


# ----------------------------------------------------------------------------- the questionnaire


def test_the_questionnaire_is_a_plain_accessible_form(server, api):
    req = create_request(api, profile_json(), lang="de")
    assert req["status"] == "sent" and re.fullmatch(r"http://127\.0\.0\.1:\d+/r/[A-Za-z0-9_-]{32}", req["vendor_url"])
    vendor = Vendor(req["vendor_url"])
    r = vendor.open()
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["referrer-policy"] == "no-referrer" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # plain http here
    page = Page(r.text)
    assert page.scripts == 0 and page.styles == 0 and page.inline_styles == 0
    # the vendor's name is text, never markup
    assert "ACME &lt;b&gt;Core&lt;/b&gt; &amp; Söhne GmbH" in r.text and "<b>Core" not in r.text
    assert "1. März 2026" in r.text  # the as-of date on top, in the page's language
    ctx_values, needs_files = complying_form()
    ctx, _ = questionnaire_of(lang="de")
    assert page.fieldsets >= ctx.question_count + len(needs_files) and page.legends == page.fieldsets
    for q in (q for rule in ctx.rules for q in rule.questions):
        inputs = page.named(q.id)
        assert inputs, q.id
        if q.type in ("boolean", "choice"):
            assert {i["type"] for i in inputs} == {"radio"}
            assert [i["value"] for i in inputs] == [k for k, _ in q.control.options]
        elif q.type == "date":
            assert inputs[0]["type"] == "date"
        elif q.type == "text":
            assert inputs[0]["tag"] == "textarea"
        assert page.named(f"{q.id}__comment")[0]["tag"] == "textarea"
    for rid in needs_files:
        upload = page.named(f"evidence__{rid}")
        assert upload and upload[0]["type"] == "file" and "multiple" in upload[0]
    # every visible input has a label
    for i in page.inputs:
        if i.get("type") not in ("hidden", "submit"):
            assert i.get("id") in page.labels, i
    assert len(page.named("csrf")) == 1 and {b for b in ("submit", "save")} <= set(re.findall(r'name="action" value="(\w+)"', r.text))
    assert 'href="?lang=en"' in r.text
    english = vendor.open(vendor.path + "?lang=en")
    assert "1 March 2026" in english.text and 'lang="en"' in english.text
    # numbers are number inputs (a date whose rules ask one)
    old = create_request(api, profile_json(), as_of="2025-06-01")
    numbers = [i for i in Page(Vendor(old["vendor_url"]).open().text).inputs if i.get("type") == "number"]
    assert numbers and numbers[0]["name"] == "AV-GE-04-Q2"


def test_draft_check_fix_pack_history_and_signed_upload(server, api, tmp_path):
    req = create_request(api, profile_json())
    vendor = Vendor(req["vendor_url"])
    vendor.open()
    assert api.get(f"/api/v1/requests/{req['id']}").json()["status"] == "opened"
    values, needs_files = complying_form()
    wrong = {**values, "KAT-20-01-Q1": "no", "KAT-20-01-Q1__comment": "Wir <script>alert(1)</script> prüfen"}
    hostile = [("evidence__KAT-20-01", ("../../etc/passwd", b"not really"))]
    saved = vendor.post("save", wrong, evidence_parts(needs_files) + hostile)
    assert saved.status_code == 200 and "Your draft has been saved." in saved.text
    reloaded = vendor.open()  # the draft is kept, the files are listed
    assert 'value="no" checked' in reloaded.text and "Wir &lt;script&gt;alert(1)&lt;/script&gt; prüfen" in reloaded.text
    assert "<script>" not in reloaded.text
    assert "kat-20-01-evidence.pdf" in reloaded.text and ">passwd<" in reloaded.text
    info = api.get(f"/api/v1/requests/{req['id']}").json()
    assert info["status"] == "draft" and info["submissions"] == 0

    checked = vendor.post("submit", {**wrong, "KAT-20-01-Q1__comment": ""})
    assert 'data-verdict="non_compliant"' in checked.text
    page = Page(checked.text)
    summary = re.search(r'<ul class="error-summary-list">(.*?)</ul>', checked.text, re.S).group(1)
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links == ["KAT-20-01-Q1-yes"] and all(target in page.ids for target in links)
    question = checked.text[checked.text.index('id="q-KAT-20-01-Q1"'):]
    question = question[: question.index("</fieldset>")]
    assert "form-group-error" in checked.text[checked.text.index('id="q-KAT-20-01-Q1"') - 80:] and \
        "the complying answer is yes" in question  # the finding next to its question
    assert api.get(f"/api/v1/requests/{req['id']}").json()["verdict"] == "non_compliant"

    # remove the hostile upload, fix the answer, submit: compliant; the pack follows
    remove = re.search(r'name="remove" value="(\d+)"[^>]*>\s*<label for="remove-\d+">[^<]*<span class="visually-hidden"> passwd', checked.text)
    done = vendor.post("submit", values, remove=remove.group(1))
    assert 'data-verdict="compliant"' in done.text and "passwd" not in done.text
    info = wait_for_pack(api, req["id"])
    assert info["status"] == "compliant" and info["pack"]["verdict"] == "compliant" and info["pack"]["submission"] == 2
    page = vendor.open()
    assert 'id="download-pack"' in page.text and 'name="signed"' in page.text
    pack = vendor.client.get(vendor.path + "/pack")
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF") and pack.headers["cache-control"] == "no-store"
    api_pack = api.get(f"/api/v1/requests/{req['id']}/pack")
    assert api_pack.content == pack.content and api_pack.headers["x-compliance-verdict"] == "compliant"
    path = tmp_path / "pack.pdf"
    path.write_bytes(pack.content)
    verified = run_cli("verify", path, "--format", "json")
    assert verified.code == 0 and json.loads(verified.stdout)["status"] == "intact", verified.stdout
    from pypdf import PdfReader

    embedded = {name: data[0] for name, data in PdfReader(path).attachments.items()}
    history = json.loads(embedded["history.json"])
    assert [e["event"] for e in history["events"]] == ["created", "opened", "saved", "submitted", "submitted"]
    assert history["events"][0]["actor"] == "ops" and history["events"][1]["actor"] == "vendor"
    assert [e.get("verdict") for e in history["events"] if e["event"] == "submitted"] == ["non_compliant", "compliant"]
    assert history["events"][-1]["files_removed"] == ["passwd"]
    manifest = json.loads(embedded["manifest.json"])
    assert "history.json" in manifest["files"]
    assert sorted(n for n in embedded if n.startswith("evidence/")) == sorted(
        f"evidence/{rid}/{rid.lower()}-evidence.pdf" for rid in needs_files)

    # a changed history is tampering
    import sys

    sys.path.insert(0, sys_path_scripts)
    from tamper_pack import rewrite

    forged = tmp_path / "forged.pdf"
    rewrite(path, forged, replace={"history.json": embedded["history.json"].replace(b'"ops"', b'"eve"')})
    assert json.loads(run_cli("verify", forged, "--format", "json").stdout)["status"] == "tampered"

    # the signed upload: refused when tampered, not a pack, unsigned, or signed and changed
    # afterwards; accepted when it is this very pack with an intact signature (compliance sign)
    from .sigutil import make_pki

    pki = make_pki(tmp_path / "pki")
    signed = tmp_path / "signed.pdf"
    assert run_cli("sign", path, "--key", pki["vendor"], "--passphrase-file", pki["passphrase"], "-o", signed).code == 0
    signed_bytes = signed.read_bytes()
    changed = tmp_path / "changed.pdf"
    rewrite(signed, changed, replace={"history.json": embedded["history.json"]}, incremental=True)  # an update after signing
    assert changed.read_bytes().startswith(signed_bytes) and len(changed.read_bytes()) > len(signed_bytes)
    for data, problem in ((forged.read_bytes(), "The pack is not intact"), (b"%PDF-1.4 nothing", "not an attestation pack"),
                          (b"", "Choose the signed PDF"), (pack.content, "The pack carries no signature"),
                          (changed.read_bytes(), "not intact")):
        refused = vendor.client.post(vendor.path + "/signed", data={"csrf": vendor.csrf}, files={"signed": ("s.pdf", data)})
        assert refused.status_code == 422 and problem in refused.text, (problem, refused.text[:300])
    accepted = vendor.client.post(vendor.path + "/signed", data={"csrf": vendor.csrf}, files={"signed": ("signed.pdf", signed_bytes)})
    assert accepted.status_code == 303
    after = vendor.open()
    assert "The signed attestation pack has been accepted" in after.text and 'name="action"' not in after.text
    assert vendor.post("save", values).status_code == 409  # nothing can change any more
    info = api.get(f"/api/v1/requests/{req['id']}").json()
    import hashlib

    assert info["signed"]["sha256"] == hashlib.sha256(signed_bytes).hexdigest()
    events = [e["event"] for e in info["history"]]
    assert events.count("signed_refused") == 4 and events[-1] == "signed_accepted"
    assert api.get(f"/api/v1/requests/{req['id']}/signed").content == signed_bytes
    closed = api.post(f"/api/v1/requests/{req['id']}/close").json()
    assert closed["status"] == "closed" and closed["closed_at"]
    listed = api.get("/api/v1/requests").json()
    assert listed[-1]["id"] == req["id"]  # closed ones come last


def test_closing_packs_the_last_answers_findings_and_all(server, api, tmp_path):
    req = create_request(api, profile_json())
    vendor = Vendor(req["vendor_url"])
    vendor.open()
    values, _ = complying_form()
    checked = vendor.post("submit", values)  # no evidence: incomplete
    assert 'data-verdict="incomplete"' in checked.text
    assert api.get(f"/api/v1/requests/{req['id']}/pack").status_code == 404
    closed = api.post(f"/api/v1/requests/{req['id']}/close").json()
    assert closed["status"] == "closed" and closed["pack_state"] == "pending"
    info = wait_for_pack(api, req["id"])
    assert info["pack"]["verdict"] == "incomplete"
    path = tmp_path / "closed.pdf"
    path.write_bytes(api.get(f"/api/v1/requests/{req['id']}/pack").content)
    assert json.loads(run_cli("verify", path, "--format", "json").stdout)["status"] == "intact"
    page = vendor.open()
    assert "closed by the operator" in page.text and 'name="action"' not in page.text and "disabled" in page.text
    assert vendor.post("submit", values).status_code == 409
    assert [e["event"] for e in info["history"]][-3:] == ["submitted", "closed", "pack_built"]


def test_final_submission_builds_the_pack_with_findings(server, api):
    req = create_request(api, profile_json())
    vendor = Vendor(req["vendor_url"])
    vendor.open()
    values, needs_files = complying_form()
    first = vendor.post("submit", {**values, "KAT-20-01-Q2": "no"}, evidence_parts(needs_files))
    assert 'id="final"' in first.text  # offered once a check found something
    final = vendor.post("final", {**values, "KAT-20-01-Q2": "no", "KAT-20-01-Q2__comment": "Not possible under contract X."})
    assert "submitted as final" in final.text
    info = wait_for_pack(api, req["id"])
    assert info["status"] == "submitted" and info["verdict"] == "non_compliant" and info["pack"]["verdict"] == "non_compliant"
    assert info["check"]["verdict"] == "non_compliant"  # the check JSON, as `compliance check --format json`


def test_waivers_are_entered_checked_and_listed_when_they_expire_before_due(server, api):
    import datetime as dt

    ctx, _ = questionnaire_of()
    soll = next(q for r in ctx.rules if r.obligation != "MUSS" for q in r.questions)  # waivers only for SOLL/KANN
    must = next(q for r in ctx.rules if r.obligation == "MUSS" for q in r.questions)
    req = create_request(api, profile_json(), due=(dt.date.today() + dt.timedelta(days=60)).isoformat())
    vendor = Vendor(req["vendor_url"])
    page = vendor.open().text
    assert f'name="{soll.id}__waiver_reason"' in page and f'name="{must.id}__waiver_reason"' not in page
    values, needs = complying_form()
    half = vendor.post("save", {**values, f"{soll.id}__waiver_reason": "Supplier audit pending"})
    assert half.status_code == 422 and "A waiver needs a reason, an approver and its last day" in half.text
    assert f'href="#{soll.id}__waiver_approver"' in half.text and 'value="Supplier audit pending"' in half.text
    assert "<details class=\"waiver\" open>" in half.text  # unfolded, to be fixed
    soon = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    waiver = {f"{soll.id}__waiver_reason": "Supplier audit pending", f"{soll.id}__waiver_approver": "CISO",
              f"{soll.id}__waiver_expires": soon}
    done = vendor.post("submit", {**values, soll.field: "no", **waiver}, evidence_parts(needs))
    assert 'data-verdict="needs_review"' in done.text  # the waiver turns the finding into a review
    listed = next(r for r in api.get("/api/v1/requests").json() if r["id"] == req["id"])
    assert {"kind": "waiver", "question": soll.id, "expires": soon} in listed["expiring"]
    answers = api.get(f"/api/v1/requests/{req['id']}").json()["check"]
    assert answers["verdict"] == "needs_review"


# ------------------------------------------------------------------------------------ security


def test_links_are_keys_to_one_request_only(server, api):
    a = create_request(api, profile_json())
    b = create_request(api, {**profile_json(), "id": "other-vendor", "legal_name": "Other Vendor AG"})
    va, vb = Vendor(a["vendor_url"]), Vendor(b["vendor_url"])
    assert "Other Vendor AG" in vb.open().text and "Other Vendor AG" not in va.open().text
    values, needs = complying_form()
    vb.post("save", {}, evidence_parts(needs[:1]))
    b_file = re.search(r'name="remove" value="(\d+)"', vb.open().text).group(1)
    # A's link, B's file id: nothing happens to B
    va.post("save", {"KAT-20-01-Q1": "yes"}, remove=b_file)
    assert f'value="{b_file}"' in vb.open().text
    assert api.get(f"/api/v1/requests/{b['id']}").json()["status"] == "draft"
    # a link one character off is another (unknown) link: 404, a page, nothing about either request
    secret = a["vendor_url"].rsplit("/", 1)[1]
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for path in (f"/r/{wrong}", f"/r/{wrong}/pack"):
        r = va.client.get(path)
        assert r.status_code == 404 and "ACME" not in r.text and "Other Vendor" not in r.text
    assert va.client.post(f"/r/{wrong}", data={"csrf": va.csrf, "action": "save"}).status_code == 404
    # B's pack is not A's: A has none
    assert va.client.get(va.path + "/pack").status_code == 404
    # a new link replaces the old one at once
    renewed = api.post(f"/api/v1/requests/{a['id']}/link").json()
    assert va.open().status_code == 404 and Vendor(renewed["vendor_url"]).open().status_code == 200
    # an expired link says so, and shows nothing
    with sqlite3.connect(server.data / "compliance.sqlite") as db:
        db.execute("UPDATE requests SET link_expires = '2020-01-01 00:00:00.000000' WHERE id = ?", (b["id"],))
    gone = vb.client.get(vb.path)
    assert gone.status_code == 410 and "Other Vendor" not in gone.text


def test_forms_need_the_session_csrf_token(server, api):
    req = create_request(api, profile_json())
    vendor = Vendor(req["vendor_url"])
    vendor.open()
    token = vendor.csrf
    stranger = Vendor(req["vendor_url"])  # another session: its own token
    stranger.open()
    for client, data, headers in ((vendor.client, {"csrf": "forged"}, {}), (vendor.client, {}, {}),
                                  (stranger.client, {"csrf": token}, {}),
                                  (vendor.client, {"csrf": token}, {"Sec-Fetch-Site": "cross-site"})):
        r = client.post(vendor.path, data={**data, "action": "save", "KAT-20-01-Q1": "no"}, headers=headers,
                        files=[("evidence__none", ("", b""))])
        assert r.status_code == 403 and "Your session had expired" in r.text
        assert 'value="no" checked' in r.text  # what was typed is shown again, not lost
    assert api.get(f"/api/v1/requests/{req['id']}").json()["status"] == "opened"  # nothing was saved
    assert httpx.post(server.url + "/signin", data={"token": server.secret}).status_code == 403


def test_guessing_links_is_rate_limited_per_address(server, api):
    from compliance.service.portal.attempts import LIMIT

    req = create_request(api, profile_json())
    path = "/r/" + req["vendor_url"].rsplit("/", 1)[1]
    transport = httpx.HTTPTransport(local_address="127.0.0.2")  # another client address on loopback
    with httpx.Client(base_url=server.url, transport=transport) as guesser:
        for i in range(LIMIT):
            assert guesser.get(f"/r/guess{i:04d}abcdefghijklmnopqrstuvwxyz").status_code == 404
        limited = guesser.get(path)  # even the right link, from this address
        assert limited.status_code == 429 and 0 < int(limited.headers["retry-after"]) <= 600
        assert guesser.post("/signin", data={"token": "x"}).status_code == 429
    assert httpx.get(server.url + path).status_code == 200  # other addresses are not affected


def test_uploads_are_limited_and_stored_by_content(server, api):
    from compliance.service.portal import requests as rq

    req = create_request(api, profile_json())
    vendor = Vendor(req["vendor_url"])
    vendor.open()
    empty = vendor.post("save", {}, [("evidence__KAT-20-01", ("empty.pdf", b""))])
    assert empty.status_code == 422 and "empty.pdf is empty" in empty.text and 'href="#evidence__KAT-20-01"' in empty.text
    big = vendor.post("save", {"KAT-20-01-Q1": "yes"}, [("evidence__KAT-20-01", ("big.bin", b"x" * (rq.MAX_FILE_BYTES + 1)))])
    assert big.status_code == 422 and "larger than 20 MB" in big.text
    assert 'value="yes" checked' in vendor.open().text  # the rest of the form was saved
    many = [("evidence__KAT-20-01", (f"f{i}.txt", f"file {i}".encode())) for i in range(rq.MAX_FILES + 1)]
    over = vendor.post("save", {}, many)
    assert over.status_code in (413, 422)
    data = b"%PDF-1.4 the same bytes"
    vendor.post("save", {}, [("evidence__KAT-20-01", ("a/../../x.pdf", data)), ("evidence__KAT-20-02", ("C:\\tmp\\y.pdf", data))])
    blobs = server.data / "blobs"
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    assert (blobs / sha[:2] / sha[2:4] / sha).read_bytes() == data  # content-addressed, once
    assert not list(server.data.rglob("x.pdf")) and not list(server.data.rglob("y.pdf"))  # no file by the sent name
    assert httpx.get(server.url + f"/assets/../blobs/{sha[:2]}/{sha[2:4]}/{sha}").status_code == 404
    page = vendor.open().text
    assert ">x.pdf<" in page and ">y.pdf<" in page


def test_assets_come_from_the_template_folders_only(server):
    css = httpx.get(server.url + "/assets/portal.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert httpx.get(server.url + "/assets/style.css").status_code == 200
    font = httpx.get(server.url + "/assets/fonts/LiberationSans-Regular.ttf")
    assert font.status_code == 200 and font.headers["content-type"] == "font/ttf"
    for bad in ("/assets/../portal/base.html.j2", "/assets/%2e%2e/portal/base.html.j2", "/assets/fonts/LICENSE-OFL.txt",
                "/assets/nothing.css"):
        assert httpx.get(server.url + bad).status_code == 404, bad


# ----------------------------------------------------------------------------------- operators


def test_dashboard_sign_in_requests_and_sign_out(server, api):
    assert api.put("/api/v1/profiles/acme-core", content=PROFILE.read_text(),
                   headers={"Content-Type": "application/yaml"}).status_code in (200, 201)
    with httpx.Client(base_url=server.url, timeout=60) as browser:
        home = browser.get("/")
        assert home.status_code == 200 and 'id="token"' in home.text and 'type="password"' in home.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
        wrong = browser.post("/signin", data={"csrf": csrf, "token": "cmp_wrong"})
        assert wrong.status_code == 401 and "nicht bekannt" in wrong.text  # German unless asked otherwise
        ok = browser.post("/signin", data={"csrf": csrf, "token": server.secret})
        assert ok.status_code == 303
        board = browser.get("/")
        assert "Angemeldet als" in board.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', board.text).group(1)  # a new session on sign-in
        made = browser.post("/requests", data={"csrf": csrf, "profile": "acme-core", "as_of": AS_OF, "due": "2026-12-31",
                                               "lang": "en"}, files={"profile_file": ("", b"")})
        assert made.status_code == 201
        link = re.search(r'id="vendor-link" value="([^"]+)"', made.text).group(1)
        assert Vendor(link).open().status_code == 200
        rid = int(re.search(r'href="/requests/(\d+)"', made.text).group(1))
        detail = browser.get(f"/requests/{rid}")
        assert detail.status_code == 200 and "Anfrage erstellt" in detail.text
        board = browser.get("/?status=opened")
        assert f'id="request-{rid}"' in board.text
        past = browser.post("/requests", data={"csrf": csrf, "profile": "acme-core", "due": "2020-01-01"},
                            files={"profile_file": ("", b"")})
        assert past.status_code == 422 and "in the past" in past.text
        bad_file = browser.post("/requests", data={"csrf": csrf}, files={"profile_file": ("p.yaml", b"id: x\nrole: vendor\n")})
        assert bad_file.status_code == 422 and "p.yaml:" in bad_file.text
        entries = api.get("/api/v1/audit", params={"action": "portal.requests.create"}).json()["entries"]
        assert entries and entries[-1]["actor"] == "ops"
        # revoking the token signs the session out
        server.token("temp")
        assert server.cli("tokens", "revoke", "ops").code == 0
        assert 'id="token"' in browser.get("/").text
    server.secret = server.token("ops2")


def test_request_api_answers_errors_in_the_one_shape(server, api):
    assert httpx.get(server.url + "/api/v1/requests").status_code == 401
    both = api.post("/api/v1/requests", json={"profile": profile_json(), "profile_id": "acme-core"})
    assert both.status_code == 422 and "either profile" in both.json()["errors"][0]["message"]
    past = api.post("/api/v1/requests", json={"profile": profile_json(), "due": "2020-01-01"})
    assert past.status_code == 422 and "in the past" in past.json()["errors"][0]["message"]
    assert api.post("/api/v1/requests", json={"profile": "nobody"}).status_code == 422
    assert api.get("/api/v1/requests/999999").status_code == 404
    assert api.get("/api/v1/requests/999999/pack").status_code == 404
    spec = httpx.get(server.url + "/openapi.json").json()
    for path in ("/api/v1/requests", "/api/v1/requests/{request_id}", "/api/v1/requests/{request_id}/pack",
                 "/api/v1/requests/{request_id}/close"):
        assert path in spec["paths"], path
    assert "/r/{secret}" not in spec["paths"]
    listed = api.get("/api/v1/requests", params={"status": "sent"}).json()
    assert all(r["status"] == "sent" for r in listed)
    dues = [r["due"] for r in listed]
    assert dues == sorted(dues)  # the most urgent first


def test_templates_can_be_overridden_and_tls_makes_cookies_secure(tmp_path):
    templates = tmp_path / "templates"
    (templates / "portal").mkdir(parents=True)
    (templates / "assets").mkdir()
    (templates / "portal" / "message.html.j2").write_text(
        '{% extends "portal/base.html.j2" %}{% block main %}<h1>Our own page: {{ p[message ~ "_title"] }}</h1>{% endblock %}')
    (templates / "assets" / "portal.css").write_text("body { background: #fafafa; }")
    (templates / "pack.html.j2").write_text("{{ no_such_thing }}")  # a broken pack template: packs fail, and say so
    srv = Server(tmp_path / "data", "--templates", str(templates), "--public-url", "https://portal.example.com/").start()
    try:
        with srv.api(srv.token("ops")) as api:
            req = create_request(api, profile_json())
            vendor = Vendor(req["vendor_url"].replace("https://portal.example.com", srv.url))
            cookie = vendor.open().headers["set-cookie"]
            assert "; secure" in cookie.lower()  # so a client sends it only over TLS; here: plain HTTP, by hand
            vendor.client.headers["Cookie"] = cookie.split(";", 1)[0]
            values, needs = complying_form()
            assert 'data-verdict="compliant"' in vendor.post("submit", values, evidence_parts(needs)).text
            deadline = time.monotonic() + 120
            while (info := api.get(f"/api/v1/requests/{req['id']}").json())["pack_state"] == "pending":
                assert time.monotonic() < deadline
                time.sleep(0.2)
            assert info["pack_state"] == "failed" and info["pack"] is None
            failed = [e for e in info["history"] if e["event"] == "pack_failed"]
            assert failed and "pack.html.j2" in failed[0]["message"] and "no_such_thing" in failed[0]["message"]
            assert "could not be prepared" in vendor.open().text
        assert req["vendor_url"].startswith("https://portal.example.com/r/")
        page = httpx.get(srv.url + "/r/" + req["vendor_url"].rsplit("/", 1)[1])
        assert page.status_code == 200 and "secure" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"].startswith("max-age=")
        missing = httpx.get(srv.url + "/r/nothing-here", headers={"Accept-Language": "en"})
        assert missing.status_code == 404 and "Our own page: Page not found" in missing.text
        assert httpx.get(srv.url + "/assets/portal.css").text == "body { background: #fafafa; }"
        assert "Doc Serif" in httpx.get(srv.url + "/assets/style.css").text  # the rest from the bundled folder
    finally:
        srv.stop()
    bad = run_cli("serve", "--data", str(tmp_path / "d"), "--public-url", "portal.example.com")
    assert bad.code == 2 and "--public-url" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------- shared work, restarts


def test_two_workers_on_postgresql_share_sessions_and_packs_survive_a_restart(tmp_path):
    if find_bin() is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/setup.sh installs Debian's postgresql)")
    with PgCluster() as pg:
        args = ("--db", pg.create_database("portal"), "--workers", "2", "--render-workers", "1")
        srv = Server(tmp_path / "data", *args).start()
        try:
            secret = srv.token("ops")
            with srv.api(secret) as api:
                req = create_request(api, profile_json())
                values, needs = complying_form()
                for _ in range(3):  # new connections: either worker accepts the other's cookie and token
                    vendor = Vendor(req["vendor_url"])
                    vendor.open()
                    assert vendor.post("save", values).status_code == 200
                    vendor.close()
                vendor = Vendor(req["vendor_url"])
                vendor.open()
                assert 'data-verdict="compliant"' in vendor.post("submit", values, evidence_parts(needs)).text
            srv.stop()  # at once: the pack may still be pending; the next start builds it
            srv = Server(tmp_path / "data", *args).start()
            with srv.api(secret) as api:
                info = wait_for_pack(api, req["id"])
                assert info["pack"]["verdict"] == "compliant"
                assert [e["event"] for e in info["history"]].count("pack_built") == 1
                path = tmp_path / "pack.pdf"
                path.write_bytes(api.get(f"/api/v1/requests/{req['id']}/pack").content)
                assert json.loads(run_cli("verify", path, "--format", "json").stdout)["status"] == "intact"
        finally:
            srv.stop()


# ------------------------------------------------------------------------------- the pieces


def test_web_form_answers_by_question_type():
    from compliance.answers.webform import read_form
    from compliance.models import Question

    def q(**kw):
        return Question.model_validate({"text": {"de": "x", "en": "x"}, "required": True, **kw})

    by_rule = {
        "R-1": [q(id="B", type="boolean", expected=True), q(id="D", type="date"), q(id="N", type="number"),
                q(id="T", type="text"), q(id="C", type="choice", choices=[{"key": "a", "label": {"de": "A", "en": "A"}, "complies": True},
                                                                 {"key": "b", "label": {"de": "B", "en": "B"}, "complies": False}])],
        "R-2": [q(id="E", type="evidence")],
    }
    answers = read_form("p", by_rule, {"B": "yes", "D": "2027-07-31", "N": "3,5", "T": " line\r\nnext ", "C": "a",
                                       "B__comment": "  ", "T__comment": "why", "unknown": "x"},
                        {"R-1": ["R-1/a.pdf"], "R-2": ["R-2/b.pdf"]})
    got = answers.model_dump(mode="json", exclude_none=True, exclude_defaults=True)["answers"]
    assert got == {"B": {"value": True}, "D": {"value": "2027-07-31"}, "N": {"value": 3.5}, "T": {"value": "line\nnext", "comment": "why"},
                   "C": {"value": "a"}, "R-1": {"evidence": ["R-1/a.pdf"]}, "E": {"evidence": ["R-2/b.pdf"]}}
    assert read_form("p", by_rule, {"N": "many"}).answers["N"].value == "many"  # checked and reported, not dropped
    waived = {"B": "no", "B__waiver_reason": "audit", "B__waiver_approver": "CISO", "B__waiver_expires": "2026-12-31"}
    assert read_form("p", by_rule, waived).answers["B"].waiver.expires.isoformat() == "2026-12-31"
    from compliance.answers.webform import waiver_problems

    partial = {**waived, "B__waiver_approver": " ", "T__waiver_expires": "soon", "T__waiver_reason": "r", "T__waiver_approver": "a"}
    assert waiver_problems(by_rule["R-1"], partial) == [("B__waiver_approver", "incomplete"), ("T__waiver_expires", "date")]
    assert read_form("p", by_rule, partial).answers["B"].waiver is None  # unreadable waivers are not answers


def test_packs_embed_extra_files_by_plain_names_only():
    from compliance.packs.contents import assemble

    common = dict(tool_version="1", ruleset={"id": "r", "version": "1", "digest": "d"}, as_of="2026-03-01", lang="de",
                  profile={"id": "p"}, answers={}, findings={"verdict": "compliant"}, evidence=[])
    contents = assemble(**common, extra={"history.json": b"{}\n"})
    assert contents.manifest["files"]["history.json"]["size"] == 3
    for bad in ("manifest.json", "answers.json", "evidence/x", "../x", ""):
        with pytest.raises(ValueError):
            assemble(**common, extra={bad: b"x"})


def test_link_secrets_are_long_and_stored_hashed(server, api):
    from compliance.service.portal.requests import LINK_BYTES, link_digest, new_link

    made = create_request(api, profile_json())["vendor_url"].rsplit("/", 1)[1]
    secret, digest = new_link()
    assert LINK_BYTES * 8 >= 128 and len(secret) >= 32 and digest == link_digest(secret) != secret
    with sqlite3.connect(server.data / "compliance.sqlite") as db:
        stored = [r[0] for r in db.execute("SELECT link_sha256 FROM requests")]
    assert link_digest(made) in stored and made not in stored and all(re.fullmatch(r"[0-9a-f]{64}", s) for s in stored)
