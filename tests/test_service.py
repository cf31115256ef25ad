"""The HTTP API (`compliance serve`) through httpx against a real server on a loopback port, the
same suite on SQLite and on PostgreSQL (a throwaway cluster from Debian's binaries).

Few server starts (one per database, module-scoped; one more with two workers for the graceful
shutdown): the long parts are shared.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import threading
import time

import httpx
import pytest

from .conftest import EXAMPLES, ROOT, run_cli
from .pgcluster import PgCluster, find_bin
from .servers import Server

LOTUS_DIR = EXAMPLES / "lotus-networks"
NO_PG = "PostgreSQL server binaries not installed (scripts/setup.sh installs Debian's postgresql)"
LIMITS = ("--render-workers", "1", "--queue", "0", "--max-body-mb", "2")  # one render at a time per worker


@pytest.fixture(scope="module")
def pg():
    if find_bin() is None:
        pytest.skip(NO_PG)
    with PgCluster() as cluster:
        yield cluster


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    """One server per database for the whole module: SQLite in its data folder with one worker;
    PostgreSQL with two workers (every test then also shows that workers share the state)."""
    data = tmp_path_factory.mktemp(request.param) / "data"
    args = list(LIMITS)
    if request.param == "postgresql":
        args += ["--db", request.getfixturevalue("pg").create_database("api"), "--workers", "2"]
    srv = Server(data, *args).start()
    srv.backend = request.param
    srv.secret = srv.token("tester")
    yield srv
    srv.stop()


def lotus_files(*, profile: bool = True) -> list[tuple[str, tuple[str, bytes]]]:
    """The lotus-networks example as multipart parts, evidence named relative to its folder."""
    parts = [("answers", ("answers.yaml", (LOTUS_DIR / "answers.yaml").read_bytes()))]
    if profile:
        parts.insert(0, ("profile", ("profile.yaml", (LOTUS_DIR / "profile.yaml").read_bytes())))
    evidence = LOTUS_DIR / "evidence"
    for path in sorted(p for p in evidence.rglob("*") if p.is_file()):
        parts.append(("evidence", (path.relative_to(evidence).as_posix(), path.read_bytes())))
    return parts


def errors_of(response: httpx.Response) -> list[dict]:
    body = response.json()
    assert set(body) == {"errors"}, body
    for item in body["errors"]:
        assert set(item) == {"file", "line", "column", "message"}, item
        assert "Traceback" not in item["message"]
    return body["errors"]


# ---------------------------------------------------------------------------------------- basics


def test_health_openapi_and_docs_are_open(server):
    health = httpx.get(server.url + "/healthz").json()
    assert health["status"] == "ok" and health["database"] == server.backend
    spec = httpx.get(server.url + "/openapi.json").json()
    for path in ("/api/v1/rules", "/api/v1/rules/select", "/api/v1/rules/{rule_id}", "/api/v1/rules/diff",
                 "/api/v1/documents/{kind}", "/api/v1/check", "/api/v1/packs", "/api/v1/verify",
                 "/api/v1/profiles/{profile_id}", "/api/v1/audit", "/api/v1/tokens"):
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/api/v1/check"]["post"]["requestBody"]["content"]
    bad_input = spec["paths"]["/api/v1/documents/{kind}"]["post"]["responses"]["422"]
    assert bad_input["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")  # our shape, documented
    docs = httpx.get(server.url + "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_tokens_401_without_403_revoked(server, api):
    bare = httpx.get(server.url + "/api/v1/rules")
    assert bare.status_code == 401 and bare.headers["www-authenticate"].startswith("Bearer")
    assert errors_of(bare)[0]["message"].startswith("missing Authorization")
    assert httpx.get(server.url + "/api/v1/rules", headers={"Authorization": "Bearer cmp_nope"}).status_code == 401
    assert httpx.get(server.url + "/api/v1/rules", headers={"Authorization": "Basic eDp5"}).status_code == 401

    secret = server.token("short-lived")  # made by the CLI while the server runs: same database
    other = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(server.url + "/api/v1/rules", headers=other).status_code == 200
    revoked = server.cli("tokens", "revoke", "short-lived")
    assert revoked.code == 0, revoked.stderr
    refused = httpx.get(server.url + "/api/v1/rules", headers=other)
    assert refused.status_code == 403 and "revoked" in errors_of(refused)[0]["message"]

    made = api.post("/api/v1/tokens", json={"name": "made-by-api"})
    assert made.status_code == 201 and made.json()["token"].startswith("cmp_")
    mine = {"Authorization": f"Bearer {made.json()['token']}"}
    assert httpx.get(server.url + "/api/v1/rules", headers=mine).status_code == 200
    assert api.delete("/api/v1/tokens/made-by-api").json()["active"] is False
    assert httpx.get(server.url + "/api/v1/rules", headers=mine).status_code == 403
    assert api.post("/api/v1/tokens", json={"name": "made-by-api"}).status_code == 422  # names are never reused
    listed = {t["name"]: t for t in api.get("/api/v1/tokens").json()}
    assert listed["tester"]["active"] and not listed["short-lived"]["active"]
    assert all("sha256" not in t and "token" not in t for t in listed.values())
    table = server.cli("tokens", "list", "--format", "json")
    assert {t["name"] for t in json.loads(table.stdout)} >= {"tester", "short-lived", "made-by-api"}


# ----------------------------------------------------------------------------- same JSON as the CLI


def test_check_json_equals_the_cli(api):
    cli = run_cli("check", "profile.yaml", "answers.yaml", "--as-of", "2026-03-01", "-e", "evidence",
                  "--format", "json", cwd=LOTUS_DIR)
    assert cli.code == 1, cli.stderr
    expected = json.loads(cli.stdout)

    multipart = api.post("/api/v1/check", files=lotus_files(), data={"as_of": "2026-03-01"})
    assert multipart.status_code == 200, multipart.text
    assert multipart.json() == expected
    assert multipart.headers["x-compliance-verdict"] == expected["verdict"] == "non_compliant"

    # JSON in: the same check; no answers file (null) and no evidence folder, as in the CLI without -e
    cli_no_evidence = json.loads(run_cli("check", "profile.yaml", "answers.yaml", "--as-of", "2026-03-01",
                                         "--format", "json", cwd=LOTUS_DIR).stdout)
    import yaml

    body = {"profile": yaml.safe_load((LOTUS_DIR / "profile.yaml").read_text()),
            "answers": json.loads(json.dumps(yaml.safe_load((LOTUS_DIR / "answers.yaml").read_text()), default=str)),
            "as_of": "2026-03-01"}
    body["profile"] = json.loads(json.dumps(body["profile"], default=str))
    inline = api.post("/api/v1/check", json=body)
    assert inline.status_code == 200, inline.text
    assert inline.json() == {**cli_no_evidence, "answers_file": None}

    german = api.post("/api/v1/check", json={**body, "lang": "de", "accept_review": True})
    assert german.json()["lang"] == "de" and german.json()["accept_review"] is True

    report = api.post("/api/v1/check?format=html", files=lotus_files(), data={"as_of": "2026-03-01"})
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "lotus" in report.text.lower() and 'filename="report-en-2026-03-01.html"' in report.headers["content-disposition"]


def test_rules_routes_equal_the_cli(api):
    def cli_json(*args: str):
        res = run_cli(*args, "--format", "json")
        assert res.code == 0, res.stderr
        return json.loads(res.stdout)

    assert api.get("/api/v1/rules", params={"as_of": "2026-03-01"}).json() == cli_json("rules", "list", "--as-of", "2026-03-01")
    drafts = api.get("/api/v1/rules", params={"as_of": "2026-03-01", "include_drafts": "true"}).json()
    assert drafts == cli_json("rules", "list", "--as-of", "2026-03-01", "--include-drafts")
    profile = (LOTUS_DIR / "profile.yaml").read_text()
    put = api.put("/api/v1/profiles/lotus-networks", content=profile, headers={"Content-Type": "application/yaml"})
    assert put.status_code in (200, 201), put.text
    selected = api.post("/api/v1/rules/select", json={"profile": "lotus-networks", "as_of": "2022-06-01"})
    assert selected.json() == cli_json("rules", "list", "--as-of", "2022-06-01", "--profile", str(LOTUS_DIR / "profile.yaml"))
    assert api.get("/api/v1/rules/TKG-165-04").json() == cli_json("rules", "show", "TKG-165-04")
    missing = api.get("/api/v1/rules/TKG-165-4")
    assert missing.status_code == 404 and "did you mean TKG-165-04" in errors_of(missing)[0]["message"]
    diff = api.get("/api/v1/rules/diff", params={"from": "2022-06-01", "to": "2026-03-01", "profile": "lotus-networks"})
    assert diff.json() == cli_json("rules", "diff", "--from", "2022-06-01", "--to", "2026-03-01", "--profile",
                                   str(LOTUS_DIR / "profile.yaml"))
    bad_date = api.get("/api/v1/rules", params={"as_of": "2026-02-30"})
    assert bad_date.status_code == 422 and errors_of(bad_date)[0]["file"] == "request query"


# ------------------------------------------------------------------------------------- profiles


def test_stored_profiles(api):
    text = (LOTUS_DIR / "profile.yaml").read_text()
    api.delete("/api/v1/profiles/lotus-networks")
    first = api.put("/api/v1/profiles/lotus-networks", content=text, headers={"Content-Type": "application/yaml"})
    assert first.status_code == 201 and first.json()["components"] == 3
    again = api.put("/api/v1/profiles/lotus-networks", content=text, headers={"Content-Type": "application/yaml"})
    assert again.status_code == 200 and again.json()["sha256"] == first.json()["sha256"]
    stored = api.get("/api/v1/profiles/lotus-networks").json()
    assert stored["id"] == "lotus-networks" and stored["components"][0]["certifications"][0]["valid_until"] == "2027-06-30"
    as_json = api.put("/api/v1/profiles/lotus-networks", json=stored)
    assert as_json.status_code == 200 and as_json.json()["sha256"] == first.json()["sha256"]
    assert "lotus-networks" in [p["id"] for p in api.get("/api/v1/profiles").json()]
    by_id = api.post("/api/v1/check", files=lotus_files(profile=False), data={"profile": "lotus-networks", "as_of": "2026-03-01"})
    assert by_id.status_code == 200 and by_id.json()["profile"] == "lotus-networks"

    mismatch = api.put("/api/v1/profiles/other-id", content=text, headers={"Content-Type": "application/yaml"})
    assert mismatch.status_code == 422 and "other-id" in errors_of(mismatch)[0]["message"]
    assert api.delete("/api/v1/profiles/lotus-networks").status_code == 204
    assert api.get("/api/v1/profiles/lotus-networks").status_code == 404
    gone = api.post("/api/v1/rules/select", json={"profile": "lotus-networks"})
    assert gone.status_code == 422 and "no stored profile 'lotus-networks'" in errors_of(gone)[0]["message"]


HOSTILE_YAML = {
    "billion laughs": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n",
    "python tag": "id: !!python/object/apply:os.system ['echo pwned']\n",
    "duplicate key": "id: x\nid: y\n",
    "not a mapping": "- a\n- b\n",
    "two documents": "id: a\n---\nid: b\n",
    "bad date": "id: x\ncomponents: [{certifications: [{valid_until: 2021-02-30}]}]\n",
    "unknown key": "id: hostile\nlegal_name: X\nrole: manufacturer\ncountry: DE\nheadquarters_country: DE\n"
                   "signatory: {name: A, title: B}\nevil: true\n",
    "vocabulary": "id: hostile\nlegal_name: X\nrole: manufacturer\ncountry: DE\nheadquarters_country: DE\n"
                  "signatory: {name: A, title: B}\ncomponents: [{id: c, name: C, domain: core, critical_functions: [mind-control]}]\n",
}
HOSTILE_JSON = {
    "nan": '{"id": "hostile", "legal_name": NaN}',
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "duplicate key": '{"id": "a", "id": "b"}',
    "syntax": '{"id": "hostile",',
}


def test_hostile_profiles_are_refused_with_located_errors(server, api):
    for name, text in HOSTILE_YAML.items():
        r = api.put("/api/v1/profiles/hostile", content=text, headers={"Content-Type": "application/yaml"})
        assert r.status_code == 422, (name, r.status_code, r.text[:300])
        items = errors_of(r)
        assert items[0]["file"] == "request body", (name, items)
        assert any(i["line"] for i in items) or name in ("not a mapping",), (name, items)
    for name, text in HOSTILE_JSON.items():
        r = api.put("/api/v1/profiles/hostile", content=text, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (name, r.status_code, r.text[:300])
        errors_of(r)
    # the same through the other doors: inline JSON, a text field, an uploaded file
    deep = api.post("/api/v1/check", content="[" * 100_000, headers={"Content-Type": "application/json"})
    assert deep.status_code == 422, deep.text[:300]
    for bad in ({"profile": ["a"], "answers": {}}, {"profile": 7, "answers": {}}, {"answers": {}}, {"profile": "../../etc/passwd", "answers": {}}):
        r = api.post("/api/v1/check", json=bad)
        assert r.status_code == 422, (bad, r.text)
        errors_of(r)
    uploaded = api.post("/api/v1/check", files={"profile": ("evil.yaml", HOSTILE_YAML["python tag"].encode()),
                                                "answers": ("a.yaml", b"profile: x\nanswers: {}\n")})
    assert uploaded.status_code == 422 and errors_of(uploaded)[0]["file"] == "evil.yaml"
    binary = api.post("/api/v1/check", files={"profile": ("p.yaml", b"\x00\xff\xfe"), "answers": ("a.yaml", b"x: 1\n")})
    assert binary.status_code == 422 and errors_of(binary)[0]["file"] == "p.yaml"
    for path in ("..", "..%2F..%2Fetc", "UPPER", "a" * 300):
        assert api.get(f"/api/v1/profiles/{path}").status_code in (404, 422), path
    # vendor text is data: stored, and escaped when rendered
    script = ("id: script-vendor\nlegal_name: \"<script>alert(1)</script> GmbH\"\nrole: manufacturer\ncountry: DE\n"
              "headquarters_country: DE\nsignatory: {name: \"<img src=x onerror=alert(1)>\", title: CEO}\n")
    assert api.put("/api/v1/profiles/script-vendor", content=script, headers={"Content-Type": "application/yaml"}).status_code in (200, 201)
    html = api.post("/api/v1/documents/checklist", json={"profile": "script-vendor", "format": "html", "as_of": "2026-03-01"})
    assert html.status_code == 200 and "<script>alert" not in html.text and "&lt;script&gt;" in html.text
    assert "<img src=x" not in html.text
    assert httpx.get(server.url + "/healthz").status_code == 200


# ------------------------------------------------------------------------------------ documents


def test_documents_render_once_then_come_from_the_cache(api, tmp_path):
    cli = run_cli("checklist", str(LOTUS_DIR / "profile.yaml"), "--as-of", "2026-03-01", "--lang", "en", "--format", "html", "-o", "-")
    assert cli.code == 0, cli.stderr
    html = api.post("/api/v1/documents/checklist", json={"profile": "lotus-networks-x", "as_of": "2026-03-01"})
    assert html.status_code == 422  # not stored (yet)
    profile = (LOTUS_DIR / "profile.yaml").read_text()
    api.put("/api/v1/profiles/lotus-networks", content=profile, headers={"Content-Type": "application/yaml"})
    html = api.post("/api/v1/documents/checklist", json={"profile": "lotus-networks", "as_of": "2026-03-01", "lang": "en", "format": "html"})
    assert html.status_code == 200 and html.text == cli.stdout
    assert html.headers["content-type"] == "text/html; charset=utf-8"

    request = {"profile": "lotus-networks", "as_of": "2025-07-01", "fillable": True}
    first = api.post("/api/v1/documents/attestation", json=request)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert first.headers["content-disposition"] == 'attachment; filename="attestation-fillable-de-2025-07-01.pdf"'
    second = api.post("/api/v1/documents/attestation", json=request)
    assert (first.headers["x-compliance-cache"], second.headers["x-compliance-cache"]) == ("miss", "hit")
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    unchanged = api.post("/api/v1/documents/attestation", json=request, headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304
    other_day = api.post("/api/v1/documents/attestation", json={**request, "as_of": "2025-07-02", "format": "html"})
    assert other_day.headers["x-compliance-cache"] == "miss" and other_day.text.startswith("<!DOCTYPE html>")

    template = api.post("/api/v1/documents/answers-template", json={"profile": "lotus-networks", "as_of": "2026-03-01"})
    cli_template = run_cli("answers-template", str(LOTUS_DIR / "profile.yaml"), "--as-of", "2026-03-01", "-o", "-")
    assert template.status_code == 200 and template.text == cli_template.stdout
    assert template.headers["content-disposition"] == 'attachment; filename="answers-2026-03-01.yaml"'
    wrong = api.post("/api/v1/documents/checklist", json={"profile": "lotus-networks", "format": "odt"})
    assert wrong.status_code == 422 and "pdf, html" in errors_of(wrong)[0]["message"]

    # every format the CLI offers (the format registry): a Word checklist, an answers workbook
    word = api.post("/api/v1/documents/checklist", json={"profile": "lotus-networks", "as_of": "2026-03-01", "format": "docx"})
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert word.headers["content-disposition"] == 'attachment; filename="checklist-de-2026-03-01.docx"'
    book = api.post("/api/v1/documents/answers-template", json={"profile": "lotus-networks", "as_of": "2026-03-01", "format": "xlsx"})
    assert book.status_code == 200 and book.content.startswith(b"PK")
    assert book.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    empty = api.post("/api/v1/check", files={"profile": ("profile.yaml", (LOTUS_DIR / "profile.yaml").read_bytes()),
                                             "answers": ("answers.xlsx", book.content)}, data={"as_of": "2026-03-01"})
    (tmp_path / "answers.xlsx").write_bytes(book.content)
    (tmp_path / "profile.yaml").write_bytes((LOTUS_DIR / "profile.yaml").read_bytes())
    cli_book = run_cli("check", "profile.yaml", "answers.xlsx", "--as-of", "2026-03-01", "--format", "json", cwd=tmp_path)
    assert empty.status_code == 200 and empty.json() == json.loads(cli_book.stdout)  # read as the CLI reads it
    assert api.post("/api/v1/documents/brochure", json={"profile": "lotus-networks"}).status_code == 422


def test_pack_then_verify(api, tmp_path):
    made = api.post("/api/v1/packs", files=lotus_files(), data={"as_of": "2026-03-01"})
    assert made.status_code == 200, made.text
    assert made.headers["x-compliance-verdict"] == "non_compliant"
    assert made.headers["content-disposition"] == 'attachment; filename="pack-de-2026-03-01.pdf"'
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(made.content)
    verified = api.post("/api/v1/verify", files={"file": ("pack.pdf", made.content)})
    cli = run_cli("verify", str(pack), "--format", "json", cwd=tmp_path)
    assert cli.code == 0, cli.stderr
    assert verified.status_code == 200 and verified.json() == json.loads(cli.stdout)
    assert verified.json()["status"] == "intact"
    assert any(f["name"] == "evidence/certificates/lx-amf-nesas.pdf" for f in verified.json()["files"])
    # a pack is also an answers file (its embedded answers.json), as for `compliance check`
    (tmp_path / "profile.yaml").write_bytes((LOTUS_DIR / "profile.yaml").read_bytes())
    again = api.post("/api/v1/check", files={"profile": ("profile.yaml", (tmp_path / "profile.yaml").read_bytes()),
                                             "answers": ("pack.pdf", made.content)}, data={"as_of": "2026-03-01"})
    cli_again = run_cli("check", "profile.yaml", "pack.pdf", "--as-of", "2026-03-01", "--format", "json", cwd=tmp_path)
    assert again.status_code == 200 and again.json() == json.loads(cli_again.stdout)
    assert again.json()["answers_file"] == "pack.pdf"
    cut = api.post("/api/v1/verify", files={"file": ("cut.pdf", made.content[: len(made.content) // 2])})
    assert cut.status_code in (200, 422), cut.text
    assert cut.status_code == 422 or cut.json()["status"] != "intact"
    bad = api.post("/api/v1/packs", files={"profile": ("profile.yaml", (LOTUS_DIR / "profile.yaml").read_bytes()),
                                           "answers": ("mine.yaml", b"profile: lotus-networks\nanswers: {Q: {valu: 1}}\n")})
    assert bad.status_code == 422 and errors_of(bad)[0]["file"] == "mine.yaml"  # found in a render process, located
    # a signed pack: its signature report crosses the render pool's process boundary
    from .sigutil import make_pki

    pki = make_pki(tmp_path / "pki")
    signed = run_cli("sign", str(pack), "--key", str(pki["vendor"]), "--passphrase-file", str(pki["passphrase"]),
                     "-o", "signed.pdf", cwd=tmp_path)
    assert signed.code == 0, signed.stderr
    via_api = api.post("/api/v1/verify", files={"file": ("signed.pdf", (tmp_path / "signed.pdf").read_bytes())})
    via_cli = run_cli("verify", "signed.pdf", "--format", "json", cwd=tmp_path)
    assert via_api.status_code == 200, via_api.text
    assert via_api.json()["signatures"] == json.loads(via_cli.stdout)["signatures"]
    assert [(s["field"], s["status"], s["intact"]) for s in via_api.json()["signatures"]] == [("signatory", "intact", True)]
    not_pack = api.post("/api/v1/verify", files={"file": ("x.pdf", (LOTUS_DIR / "evidence" / "ownership-chart.pdf").read_bytes())})
    assert not_pack.status_code == 422 and errors_of(not_pack)[0]["file"] == "x.pdf"


# -------------------------------------------------------------------------------- 413, 422, 503


def test_body_limits(server, api):
    big = b"x" * (3 * 1024 * 1024)
    declared = api.post("/api/v1/check", content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413 and "larger than the limit" in errors_of(declared)[0]["message"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'--zz\r\nContent-Disposition: form-data; name="file"; filename="p.pdf"\r\n\r\n'
        for _ in range(48):
            yield b"y" * 65536

    chunked = api.post("/api/v1/verify", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert chunked.status_code == 413
    upload = api.post("/api/v1/verify", files={"file": ("big.pdf", big)})
    assert upload.status_code == 413
    fields = {f"f{i}": "1" for i in range(40)}
    many = api.post("/api/v1/check", files={"answers": ("a.yaml", b"x: 1")}, data=fields)
    assert many.status_code == 422 and "Too many fields" in errors_of(many)[0]["message"]
    for name in ("../escape.txt", "/etc/passwd", "C:\\x.txt", "a/../../b"):
        r = api.post("/api/v1/check", files=[("answers", ("a.yaml", b"x: 1")), ("evidence", (name, b"data"))])
        assert r.status_code == 422, (name, r.text)
    unknown = api.post("/api/v1/check", files={"answers": ("a.yaml", b"x: 1"), "script": ("s.sh", b"rm -rf /")})
    assert unknown.status_code == 422 and "unexpected file field 'script'" in errors_of(unknown)[0]["message"]
    assert httpx.get(server.url + "/healthz").status_code == 200  # the connection survived, the server too


def test_busy_render_pool_answers_503_with_retry_after(api):
    profile = (LOTUS_DIR / "profile.yaml").read_text()
    api.put("/api/v1/profiles/lotus-networks", content=profile, headers={"Content-Type": "application/yaml"})
    # Each server process admits one render (one process, no queue): 4 at once exceed even two workers.
    days = [f"2024-01-1{d}" for d in range(4)]  # distinct: none comes from the cache

    def render(day: str) -> httpx.Response:
        return api.post("/api/v1/documents/attestation", json={"profile": "lotus-networks", "as_of": day})

    with concurrent.futures.ThreadPoolExecutor(len(days)) as ex:
        results = list(ex.map(render, days))
    codes = sorted(r.status_code for r in results)
    assert set(codes) <= {200, 503} and 503 in codes and 200 in codes, codes
    busy = next(r for r in results if r.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1 and "busy" in errors_of(busy)[0]["message"]


# ---------------------------------------------------------------------------------------- audit


def test_audit_log_records_who_did_what(server, api):
    start = api.get("/api/v1/audit", params={"limit": 1}).json()
    api.post("/api/v1/check", files=lotus_files(), data={"as_of": "2026-03-01"})
    api.get("/api/v1/rules/NOPE-1")
    page = api.get("/api/v1/audit", params={"after": start["entries"][0]["id"], "limit": 10000}).json()
    checks = [e for e in page["entries"] if e["action"] == "check" and e["status"] == 200]
    assert checks and checks[-1]["actor"] == "tester" and checks[-1]["profile"] == "lotus-networks"
    assert checks[-1]["outcome"] == "non_compliant" and len(checks[-1]["input_sha256"]) == 64 and len(checks[-1]["output_sha256"]) == 64
    assert any(e["action"] == "rules.show" and e["status"] == 404 for e in page["entries"])
    assert any(e["action"] == "tokens.revoke" for e in api.get("/api/v1/audit", params={"action": "tokens.revoke"}).json()["entries"])
    later = api.get("/api/v1/audit", params={"since": "2999-01-01"}).json()
    assert later == {"entries": [], "more": False, "next": None}
    paged = api.get("/api/v1/audit", params={"limit": 2}).json()
    assert paged["more"] and paged["next"] == f"after={paged['entries'][-1]['id']}"
    assert api.get("/api/v1/audit", params={"since": "yesterday"}).status_code == 422


# ------------------------------------------------------------------------------- the database


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_from_empty_match_the_models(backend, request, tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from compliance.service.db import Database, alembic_config, current_revision, migrate

    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg").create_database("migrations")
    db = Database(url)
    try:
        assert current_revision(db) is None
        migrate(db)
        head = ScriptDirectory.from_config(alembic_config(db.engine)).get_current_head()
        assert current_revision(db) == head
        assert {"tokens", "audit_log", "profiles", "blobs", "rendered"} <= set(inspect(db.engine).get_table_names())
        command.check(alembic_config(db.engine))  # the models and the migrations agree
        command.downgrade(alembic_config(db.engine), "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        migrate(db)
        migrate(db)  # at head: nothing to do
        assert current_revision(db) == head
    finally:
        db.dispose()


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)  # the server with two workers
def test_workers_share_the_database(server):
    secret = server.token("ops")
    auth = {"Authorization": f"Bearer {secret}"}
    profile = (LOTUS_DIR / "profile.yaml").read_text()
    assert httpx.put(server.url + "/api/v1/profiles/lotus-networks", content=profile, headers=auth).status_code in (200, 201)
    for _ in range(8):  # a new connection each time: whichever worker takes it sees the profile
        assert httpx.post(server.url + "/api/v1/rules/select", json={"profile": "lotus-networks"}, headers=auth).status_code == 200


def test_ctrl_c_lets_a_running_render_finish(tmp_path):
    srv = Server(tmp_path / "data", "--render-workers", "1", "--grace", "120").start()
    try:
        auth = {"Authorization": f"Bearer {srv.token('ops')}"}
        with httpx.Client(base_url=srv.url, headers=auth, timeout=60) as client:
            profile = (LOTUS_DIR / "profile.yaml").read_text()
            assert client.put("/api/v1/profiles/lotus-networks", content=profile).status_code == 201
            result: dict = {}

            def slow_render() -> None:
                result["r"] = client.post("/api/v1/documents/attestation", json={"profile": "lotus-networks", "as_of": "2023-05-05"})

            t = threading.Thread(target=slow_render)
            t.start()
            deadline = time.monotonic() + 60
            while httpx.get(srv.url + "/healthz").json()["render_jobs"] == 0:  # wait until it renders
                assert time.monotonic() < deadline and t.is_alive()
                time.sleep(0.02)
            os.killpg(srv.proc.pid, signal.SIGINT)  # Ctrl-C: the whole process group, render processes too
            t.join(60)
            assert result["r"].status_code == 200, (result["r"].text[:500], srv.output()[-3000:])
            assert result["r"].content.startswith(b"%PDF")
        assert srv.proc.wait(30) in (0, -signal.SIGINT, 128 + signal.SIGINT)
    finally:
        srv.stop()


# --------------------------------------------------------------------------------- the commands


def test_serve_refuses_bad_configuration_with_one_line(tmp_path):
    bad_url = run_cli("serve", "--data", str(tmp_path), "--db", "mysql://x@y/z")
    assert bad_url.code == 2 and "not supported" in bad_url.stderr and "Traceback" not in bad_url.stderr
    unreachable = run_cli("tokens", "list", "--db", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert unreachable.code == 2 and "127.0.0.1" in unreachable.stderr and "secret" not in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1
    bad_rules = run_cli("serve", "--data", str(tmp_path), "--rules", str(tmp_path / "none"))
    assert bad_rules.code == 2 and "rule-set folder not found" in bad_rules.stderr
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run_cli("serve", "--data", str(tmp_path / "d"), "--port", str(taken.getsockname()[1]))
    assert busy.code == 2 and "cannot listen" in busy.stderr
    name = run_cli("tokens", "create", "no spaces please", "--data", str(tmp_path / "d"))
    assert name.code == 2 and "token name" in name.stderr
    assert run_cli("tokens", "revoke", "nobody", "--data", str(tmp_path / "d")).code == 2


def test_other_commands_do_not_load_the_service_libraries():
    import subprocess
    import sys

    code = ("import sys; from compliance.cli.main import app; "
            "bad = [m for m in ('fastapi', 'sqlalchemy', 'uvicorn', 'alembic', 'starlette', 'psycopg') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_input_errors_travel_between_processes():
    import pickle

    from compliance.documents.templating import TemplateError
    from compliance.errors import InputError, InputErrors, Location

    errors = InputErrors([InputError("bad", Location("a.yaml", 3, 7)), TemplateError("broken", Location("t.j2", 1))])
    back = pickle.loads(pickle.dumps(errors))
    assert [str(e) for e in back.errors] == ["a.yaml:3:7: bad", "t.j2:1: broken"]
    assert isinstance(back.errors[1], TemplateError)


def test_uploaded_names_never_lead_out_of_the_request_folder():
    from compliance.errors import InputError
    from compliance.service.inputs import safe_base_name, safe_relative_path

    assert safe_base_name("../../etc/passwd", "p.yaml") == "passwd"
    assert safe_base_name("C:\\Users\\x\\answers.pdf", "a.yaml") == "answers.pdf"
    for hostile in ("", "..", ".", "a\x00b", "evidence", "x" * 300):
        assert safe_base_name(hostile, "default.yaml") == "default.yaml", hostile
    assert str(safe_relative_path("certificates/./lx.pdf")) == "certificates/lx.pdf"
    for hostile in ("../x", "/etc/passwd", "C:/x", "a/../../b", "", "a\nb", "/".join(["d"] * 30)):
        with pytest.raises(InputError):
            safe_relative_path(hostile)


def test_data_folder_is_private(tmp_path):
    res = run_cli("tokens", "create", "first", "--data", str(tmp_path / "fresh"))
    assert res.code == 0 and res.stdout.startswith("cmp_") and len(res.stdout.strip()) == 47
    assert (tmp_path / "fresh").stat().st_mode & 0o777 == 0o700
    listed = run_cli("tokens", "list", "--data", str(tmp_path / "fresh"))
    assert "first" in listed.stdout and res.stdout.strip() not in listed.stdout
