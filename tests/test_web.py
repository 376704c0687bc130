"""The web page end to end in real headless Chromium (Debian's chromium + chromium-driver).

.ci/run installs both; on a machine without them these tests skip, except in CI where a
missing browser is a failure. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from conftest import ROOT, running_server

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "test-artifacts"

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    if os.environ.get("CI"):
        pytest.fail("chromium and chromium-driver are missing: .ci/run installs them", pytrace=False)
    pytest.skip("needs Debian's chromium and chromium-driver", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def base(seed_index):
    with running_server(seed_index) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1400",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def wait(driver, condition, seconds: float = 20):
    return WebDriverWait(driver, seconds).until(condition)


def hit_ids(driver) -> list[str]:
    return [card.get_attribute("data-id") for card in driver.find_elements(By.CSS_SELECTOR, "#results > .hit")]


def test_shared_link_shows_the_water_items_with_highlights(browser, base):
    browser.get(f"{base}/?q=哪些事项涉及水处理")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results > .hit")))
    assert {"wuchang-2021-q1#34", "wuchang-2021-q1#35"} <= set(hit_ids(browser)[:3])
    marks = [em.text for em in browser.find_elements(By.CSS_SELECTOR, "#results em")]
    assert any("水" in m for m in marks)
    answer = wait(browser, EC.visibility_of_element_located((By.ID, "answer")))
    assert "35." in answer.text
    browser.save_screenshot(str(ARTIFACTS / "web-water-question.png"))


def test_type_a_query_filter_by_department_open_an_item(browser, base):
    browser.get(base)
    box = wait(browser, EC.element_to_be_clickable((By.ID, "q")))
    box.send_keys("口袋公园")
    browser.find_element(By.ID, "search-button").click()
    wait(browser, lambda d: "wuchang-2021-q1#32" in hit_ids(d))
    assert "q=" in browser.current_url

    browser.get(f"{base}/?q=水")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results > .hit")))
    departments = Select(browser.find_element(By.ID, "dept"))
    assert any("区水务湖泊局（4）" == o.text for o in departments.options)  # every department, with its count
    departments.select_by_value("区水务湖泊局")
    wait(browser, lambda d: "dept=" in d.current_url and hit_ids(d))
    time.sleep(0.3)
    cards = browser.find_elements(By.CSS_SELECTOR, "#results > .hit")
    assert cards and all("区水务湖泊局" in card.text for card in cards)

    cards[0].find_element(By.CSS_SELECTOR, "a.open").click()
    view = wait(browser, EC.visibility_of_element_located((By.ID, "item-view")))
    assert "完成情况" in view.text and "历次进展" in view.text and "其他单位的相关事项" in view.text
    assert "item=" in browser.current_url
    browser.save_screenshot(str(ARTIFACTS / "web-item.png"))


def test_download_the_csv_of_the_current_results(browser, base, downloads):
    browser.get(f"{base}/?q=口袋公园")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results > .hit")))
    shown = hit_ids(browser)
    browser.find_element(By.ID, "export-csv").click()
    deadline = time.monotonic() + 20
    while not (files := [p for p in downloads.glob("*.csv")]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert files, "no CSV downloaded"
    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "报告", "报告标题"] and "完成情况" in rows[0]
    assert [row[0] for row in rows[1:]] == shown
    assert any("口袋公园" in cell for cell in rows[1])


def test_xlsx_export_has_every_row(base):
    response = httpx.get(f"{base}/export.xlsx", params={"q": "口袋公园"}, timeout=30)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "编号" and values[1][0] == "wuchang-2021-q1#32"


def test_empty_results_and_errors_say_what_happened(browser, base):
    browser.get(f"{base}/?q=火星探测任务")
    status = wait(browser, lambda d: "没有找到" in d.find_element(By.ID, "status").text)
    assert status
    browser.get(f"{base}/?item=nope%231")
    status = wait(
        browser,
        lambda d: d.find_element(By.ID, "status").text.startswith("出错了") and d.find_element(By.ID, "status").text,
    )
    assert "没有事项" in status


def test_items_only_close_in_meaning_are_marked(browser, base):
    """修路 is in no item: the road items come first, each card marked 相近，低置信."""
    browser.get(f"{base}/?q=修路")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results > .hit")))
    assert {"wuchang-2021-q1#20", "wuchang-2021-q1#28"} <= set(hit_ids(browser)[:3])
    cards = browser.find_elements(By.CSS_SELECTOR, "#results > .hit")
    assert all("unsure" in card.get_attribute("class") and "相近，低置信" in card.text for card in cards)
    assert "低置信" in browser.find_element(By.ID, "status").text
    browser.save_screenshot(str(ARTIFACTS / "web-low-confidence.png"))


def test_every_asset_is_served_by_the_app(base):
    page = httpx.get(base, timeout=10).text
    assert "http://" not in page and "https://" not in page  # no CDN
    for asset in ("/static/app.js", "/static/style.css"):
        assert httpx.get(f"{base}{asset}", timeout=10).status_code == 200


@pytest.fixture(scope="module")
def periods_base(periods_index):
    with running_server(periods_index) as url:
        yield url


def test_cards_and_item_view_show_time_and_issuer(browser, periods_base):
    browser.get(f"{periods_base}/?q=社会消费品零售总额")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results > .hit")))
    whens = [w.text for w in browser.find_elements(By.CSS_SELECTOR, "#results > .hit .when")]
    assert any("上半年" in w for w in whens) and any("市级报告" in w for w in whens)
    periods = [o.text for o in Select(browser.find_element(By.ID, "period")).options]
    assert "1-6月（上半年）" in periods and "1-9月（前三季度）" in periods
    assert browser.find_element(By.ID, "issuer").is_displayed()  # two issuers in this index

    browser.get(f"{periods_base}/?item=jiangbin-2022-h1%232")
    view = wait(browser, EC.visibility_of_element_located((By.ID, "item-view")))
    entries = [e.text for e in view.find_elements(By.CSS_SELECTOR, ".timeline-entry")]
    assert [next(p for p in ("一季度", "上半年", "前三季度", "全年") if p in e) for e in entries] == [
        "一季度",
        "上半年",
        "前三季度",
        "全年",
    ]
    assert "较上期新增数字" in entries[1] and "58.3亿元" in entries[1]
    browser.save_screenshot(str(ARTIFACTS / "web-timeline.png"))


def test_status_tab_counts_per_department_click_a_count_then_export(browser, base):
    browser.get(base)
    wait(browser, EC.element_to_be_clickable((By.ID, "tab-status"))).click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#status-items > li"))
    assert "view=status" in browser.current_url
    header = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#status-table thead th")]
    assert header[:2] == ["责任单位", "滞后"] and "已完成" in header and header[-1] == "合计"
    statuses = [li.get_attribute("data-status") for li in browser.find_elements(By.CSS_SELECTOR, "#status-items > li")]
    assert statuses[0] == "滞后"  # lagging first
    browser.save_screenshot(str(ARTIFACTS / "web-status.png"))

    # 区建设局's 滞后 count → its lagging items, with their reasons
    row = browser.find_element(By.CSS_SELECTOR, '#status-table tr[data-dept="区建设局"]')
    row.find_elements(By.CSS_SELECTOR, "td")[0].find_element(By.TAG_NAME, "a").click()
    wait(browser, lambda d: "status=" in d.current_url and "dept=" in d.current_url)
    wait(browser, lambda d: "滞后" in d.find_element(By.ID, "status-list-title").text)
    cards = browser.find_elements(By.CSS_SELECTOR, "#status-items > li")
    assert cards and all(c.get_attribute("data-status") == "滞后" for c in cards)
    assert all("区建设局" in c.text and "低于" in c.text for c in cards)
    csv_link = browser.find_element(By.ID, "status-export-csv").get_attribute("href")
    response = httpx.get(csv_link, timeout=30)
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [c.get_attribute("data-id") for c in cards]


def test_item_view_shows_status_per_period_and_the_change(browser, periods_base):
    browser.get(f"{periods_base}/?item=jiangbin-2022-h1%236")
    view = wait(browser, EC.visibility_of_element_located((By.ID, "item-view")))
    assert "进度：滞后" in view.find_element(By.CSS_SELECTOR, ".status-line").text
    entries = view.find_elements(By.CSS_SELECTOR, ".timeline-entry")
    assert len(entries) == 4 and all(e.find_elements(By.CSS_SELECTOR, ".entry-status .badge") for e in entries)
    assert "进度变化：1-3月 正常推进 → 1-6月 滞后" in entries[1].text
