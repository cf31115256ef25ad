"""The vendor portal in a real browser: Selenium driving Debian's Chromium through chromium-driver
(scripts/setup.sh installs both), headless, against a real `compliance serve`.

Two broad tests: the whole loop (an operator signs in and creates a request; the vendor opens
the link, fills every question, uploads evidence, saves, reloads, submits a wrong answer and
sees the finding at the question, fixes it, submits, gets a compliant verdict; the operator
downloads a pack that `compliance verify` finds intact; another link gets 404), with the
screenshots (into $PORTAL_SCREENSHOTS when set: `make screenshots` renews docs/img/); and one
pass with the keyboard only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import httpx
import pytest
import yaml

from .browser import MISSING, available, full_page_screenshot, make_driver, regions_screenshot
from .conftest import ROOT, run_cli
from .portal_flow import AS_OF, PROFILE, Vendor, complying_form, create_request, questionnaire_of, wait_for_pack
from .servers import portal_server

pytestmark = pytest.mark.skipif(not available(), reason=MISSING)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from portal_server(tmp_path_factory.mktemp("browser") / "data", "compliance-office")


@pytest.fixture(scope="module")
def driver():
    d = make_driver(width=1200, height=1000)
    yield d
    d.quit()


def by(driver, css: str):  # noqa: ANN001, ANN201
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def navigating(driver, action) -> None:  # noqa: ANN001
    """Run an action that loads a new page, then wait until the old page is gone (a click may
    return before the new document exists)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.common.exceptions import WebDriverException

    old = driver.find_element(By.TAG_NAME, "html")
    action()

    def old_page_gone(d) -> bool:  # noqa: ANN001
        # While the document is being replaced, ChromeDriver may answer "Node with given id does
        # not belong to the document" instead of a stale-element error: that, too, means gone.
        try:
            return ec.staleness_of(old)(d)
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise

    WebDriverWait(driver, 60).until(old_page_gone)


def typed_date(iso: str) -> str:
    """What to type into Chromium's date input with the en-US locale: MMDDYYYY."""
    day = dt.date.fromisoformat(iso)
    return f"{day.month:02d}{day.day:02d}{day.year:04d}"


def fill(driver, q, value: str) -> None:  # noqa: ANN001
    """Answer one question with the mouse and the keyboard, by the kind of its control."""
    if q.control.kind in ("options", "choices"):
        by(driver, f"#{q.field}-{value}").click()
    elif q.control.input == "date":
        by(driver, f"#{q.field}").send_keys(typed_date(value))
    else:
        field = by(driver, f"#{q.field}")
        field.clear()
        field.send_keys(value)


def csp_violations(driver) -> list[str]:  # noqa: ANN001
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def sign_in(driver, server) -> None:  # noqa: ANN001
    driver.delete_all_cookies()
    driver.get(server.url + "/?lang=en")
    by(driver, "#token").send_keys(server.secret)
    navigating(driver, by(driver, "#signin").click)


def test_operator_sends_vendor_answers_operator_gets_a_verified_pack(server, driver, api, tmp_path):
    from selenium.webdriver.common.by import By

    shots = Path(os.environ.get("PORTAL_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    assert api.put("/api/v1/profiles/acme-core", content=PROFILE.read_text(),
                   headers={"Content-Type": "application/yaml"}).status_code in (200, 201)
    # the operator signs in and creates the request
    sign_in(driver, server)
    assert "Signed in as" in by(driver, ".signout").text
    from selenium.webdriver.support.ui import Select

    Select(by(driver, "#profile")).select_by_value("acme-core")
    by(driver, "#as_of").send_keys(typed_date(AS_OF))
    by(driver, "#lang-en").click()
    navigating(driver, by(driver, "#create-request").click)
    link = by(driver, "#vendor-link").get_attribute("value")
    assert "/r/" in link and "Request created" in driver.page_source

    # the vendor (another browser session) opens the link and fills every question
    driver.delete_all_cookies()
    driver.get(link)
    assert "ACME <b>Core</b> & Söhne GmbH" in by(driver, "h1 .h1-sub").text  # shown as text, not markup
    ctx, rs = questionnaire_of(lang="en")
    values, needs_files = complying_form()
    questions = [q for rule in ctx.rules for q in rule.questions]
    for q in questions:
        fill(driver, q, values[q.field])
    by(driver, "#KAT-20-01-Q1__comment").send_keys("Declaration signed <script>alert(1)</script> on 2026-01-15.")
    evidence = []
    for rid in needs_files:
        path = tmp_path / f"{rid.lower()}-certificate.pdf"
        path.write_bytes(f"%PDF-1.4 evidence for {rid}".encode())
        evidence.append(path)
    extra = tmp_path / "scope statement.txt"
    extra.write_text("scope of the declaration")
    by(driver, f"#evidence__{needs_files[0]}").send_keys(f"{evidence[0]}\n{extra}")  # several files at once
    for rid, path in zip(needs_files[1:], evidence[1:]):
        by(driver, f"#evidence__{rid}").send_keys(str(path))
    navigating(driver, by(driver, "#save").click)
    assert "Your draft has been saved." in by(driver, "#saved").text

    driver.refresh()  # the draft is kept
    for q in questions:
        if q.control.kind in ("options", "choices"):
            assert by(driver, f"#{q.field}-{values[q.field]}").is_selected(), q.id
        else:
            assert by(driver, f"#{q.field}").get_attribute("value") == values[q.field], q.id
    assert "<script>alert(1)</script>" in by(driver, "#KAT-20-01-Q1__comment").get_attribute("value")
    listed = by(driver, f"#files-{needs_files[0]}").text
    assert "scope statement.txt" in listed and f"{needs_files[0].lower()}-certificate.pdf" in listed

    # a wrong answer: the finding appears at its question, the error summary links to it
    by(driver, "#KAT-20-01-Q1-no").click()
    navigating(driver, by(driver, "#submit").click)
    assert by(driver, "#verdict").get_attribute("data-verdict") == "non_compliant"
    summary = by(driver, ".error-summary")
    link_to = summary.find_element(By.CSS_SELECTOR, "a")
    assert link_to.get_attribute("href").endswith("#KAT-20-01-Q1-yes")
    question = by(driver, "#q-KAT-20-01-Q1")
    assert "form-group-error" in question.get_attribute("class")
    assert "the complying answer is yes" in question.find_element(By.CSS_SELECTOR, ".error-message").text
    regions_screenshot(driver, shots / "portal-questionnaire.png",
                       [("body", "#result"), ("#rule-KAT-20-01", "#q-KAT-20-01-Q1")], scale=0.8)
    link_to.click()
    assert driver.current_url.endswith("#KAT-20-01-Q1-yes")

    # fixed: compliant; the pack follows, the vendor downloads it
    by(driver, "#KAT-20-01-Q1-yes").click()
    navigating(driver, by(driver, "#submit").click)
    assert by(driver, "#verdict").get_attribute("data-verdict") == "compliant"
    deadline = time.monotonic() + 120
    while not driver.find_elements(By.ID, "download-pack"):
        assert time.monotonic() < deadline, "the pack did not come"
        time.sleep(0.5)
        driver.refresh()
    assert by(driver, "#download-pack").get_attribute("href").endswith("/pack")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})  # the print stylesheet
    try:
        assert not by(driver, "#submit").is_displayed() and not by(driver, ".site-header").is_displayed()
        assert by(driver, "#q-KAT-20-01-Q1").is_displayed() and by(driver, "#KAT-20-01-Q1-yes").is_selected()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    phone = make_driver(width=390, height=844, phone=True)
    try:
        phone.get(link)
        assert phone.execute_script("return window.innerWidth") == 390
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        full_page_screenshot(phone, shots / "portal-phone.png", until="#result")
    finally:
        phone.quit()

    # another link (one character off) is unknown: 404, nothing of this request
    secret = link.rsplit("/", 1)[1]
    driver.get(link[: -len(secret)] + secret[:-1] + ("x" if secret[-1] != "x" else "y"))
    assert "Page not found" in driver.title and "ACME" not in driver.page_source

    # the operator sees it on the dashboard (with two more requests: one waiting, due later,
    # whose profile has a certificate that expires before the due date; one closed) and
    # downloads a pack that verifies
    later = (dt.date.today() + dt.timedelta(days=45)).isoformat()
    lotus = yaml.safe_load((ROOT / "examples" / "lotus-networks" / "profile.yaml").read_text())
    create_request(api, json.loads(json.dumps(lotus, default=str)), due=later)
    nord = yaml.safe_load((ROOT / "examples" / "nordantenna" / "profile.yaml").read_text())
    closed = create_request(api, json.loads(json.dumps(nord, default=str)), due=later)
    api.post(f"/api/v1/requests/{closed['id']}/close")
    sign_in(driver, server)
    row = by(driver, "#requests tbody tr")
    assert "compliant" in row.text and "ACME <b>Core</b>" in row.text
    full_page_screenshot(driver, shots / "portal-dashboard.png", max_height=1400)
    pack_href = row.find_element(By.LINK_TEXT, "Pack").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    pdf = httpx.get(pack_href, cookies=cookies)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf.content)
    verified = run_cli("verify", path, "--format", "json")
    assert verified.code == 0 and json.loads(verified.stdout)["status"] == "intact", verified.stdout
    row.find_element(By.LINK_TEXT, "History").click()
    history = by(driver, "table.history").text
    for event in ("request created", "link opened", "draft saved", "answers submitted and checked", "pack built", "downloaded"):
        assert event in history, event
    assert csp_violations(driver) == []


def tab_to(driver, wanted, limit: int = 80):  # noqa: ANN001, ANN201
    """Press TAB until the element with id ``wanted`` has the focus (counting TABs is brittle: a
    Chromium date input alone has four tab stops)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    keys = ActionChains(driver)
    for _ in range(limit):
        keys.send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("id") == wanted:
            return driver.switch_to.active_element
    raise AssertionError(f"the focus never reached #{wanted}")


def test_keyboard_only(server, driver, api):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    req = create_request(api, "acme-core")
    values, needs_files = complying_form()
    # the evidence files first (a file dialog is the operating system's, not the page's), then
    # the whole questionnaire from the keyboard
    uploader = Vendor(req["vendor_url"])
    uploader.open()
    uploader.post("save", {}, [(f"evidence__{rid}", (f"{rid}.pdf", b"%PDF-1.4 evidence")) for rid in needs_files])
    driver.delete_all_cookies()
    driver.get(req["vendor_url"])
    keys = ActionChains(driver)
    keys.send_keys(Keys.TAB).perform()
    assert "skip-link" in driver.switch_to.active_element.get_attribute("class")  # the first stop skips to the content
    ctx, _ = questionnaire_of(lang="en")
    for q in (q for rule in ctx.rules for q in rule.questions):
        value = values[q.field]
        if q.control.kind in ("options", "choices"):
            tab_to(driver, f"{q.field}-{q.control.options[0][0]}")
            keys.send_keys(Keys.SPACE).perform()
            for _ in range([k for k, _ in q.control.options].index(value)):
                keys.send_keys(Keys.ARROW_DOWN).perform()  # arrows move the choice within a radio group
            assert by(driver, f"#{q.field}-{value}").is_selected(), q.id
        else:
            tab_to(driver, q.field)
            keys.send_keys(typed_date(value) if q.control.input == "date" else value).perform()
    tab_to(driver, "submit")
    navigating(driver, keys.send_keys(Keys.ENTER).perform)
    assert by(driver, "#verdict").get_attribute("data-verdict") == "compliant"
    assert wait_for_pack(api, req["id"])["status"] == "compliant"
