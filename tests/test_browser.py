"""End-to-end pages in a real headless browser (Debian chromium + chromium-driver, driven by Selenium) against a
real ``policy-kg serve`` process: home → 72-NQ/TW → its programme, the language switch, the query editor.

Screenshots are kept in ``artifacts/`` at the repository root.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "run scripts/setup-system.sh to install chromium"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     "--lang=en-US", "--window-size=1280,1200",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait(driver, condition, seconds: float = 30):
    return WebDriverWait(driver, seconds).until(condition)


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 4000))
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    return path


def test_home_to_resolution_to_programme_and_language_switch(browser, live_server):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.CSS_SELECTOR, 'a.resolution[href="/eli/vn/bct/nq/xiii/72"]').click()
    heading = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.entity h1")))
    assert heading.text == "Resolution 72-NQ/TW"
    programme = browser.find_element(By.CSS_SELECTOR, '.props a[href="/eli/vn-hn/tu/ctr/xviii/06"]')
    assert "06-CTr/TU" in programme.text
    cascade = browser.find_element(By.CSS_SELECTOR, ".cascade-wrap svg")
    assert cascade.size["height"] > 200 and cascade.find_elements(By.CSS_SELECTOR, 'a[href="/eli/vn-hn/tu/ctr/xviii/06"]')
    screenshot(browser, "browser-resolution-72-en.png")

    browser.find_element(By.ID, "lang-vi").click()
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    assert browser.find_element(By.CSS_SELECTOR, "article.entity h1").text == "Nghị quyết 72-NQ/TW"
    screenshot(browser, "browser-resolution-72-vi.png")
    browser.find_element(By.CSS_SELECTOR, '.props a[href="/eli/vn-hn/tu/ctr/xviii/06"]').click()
    heading = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.entity h1")))
    assert heading.text == "Chương trình hành động số 06-CTr/TU (y tế)"  # the choice is remembered
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.clarities tbody tr")) == 12
    screenshot(browser, "browser-programme-06-vi.png")


def test_example_query_and_keyboard_run(browser, live_server):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/sparql?lang=en")
    browser.find_element(By.ID, "example-health-tasks-without-lead").click()
    count = wait(browser, EC.presence_of_element_located((By.ID, "row-count")))
    assert int(count.text) == 12
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert len(rows) == 12 and rows[0].find_element(By.TAG_NAME, "a").get_attribute("href").count("/id/task/06-") == 1
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.downloads a.button")] == ["JSON", "XML", "CSV", "TSV"]
    screenshot(browser, "browser-query-results.png")

    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT * WHERE { ?s ?p }")
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    alert = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".error[role=alert]")))
    assert "line 1, column 25" in alert.text
    editor = browser.find_element(By.ID, "query")
    assert editor.get_property("selectionStart") == 24  # the caret is put where the error is
    screenshot(browser, "browser-query-error.png")
