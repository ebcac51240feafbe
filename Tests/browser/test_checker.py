"""材料自查 (the materials self-checker on matter pages), against docs/checker.md.

The shared case table Tests/GongkaiTests/Fixtures/checker-cases.json (written by hand from the content
files) is run twice: on the real pages in headless Chromium, and through `gongkai check --json`. Then the
time-limit worked example, axe-core, no network and no storage, the keyboard, target sizes, and the
printed 一次告知单.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    print_media,
    HARBIN, REPO, Site, build_site, content_dir, drain_logs, fail_if, gongkai_bin, need, requested_urls, serve,
    wait_loaded,
)
from test_axe import describe, run_axe, switch_elder_on

CASES_FILE = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "checker-cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
ELDER_KEY = "gongkai-elder"
WORKED_EXAMPLE = ["2025-09-29", "2025-10-09", "2025-10-11", "2025-10-14", "2025-10-20"]


def site_folder(name: str):
    return {"content": content_dir(), "harbin": HARBIN}[name]


@pytest.fixture(scope="module")
def sites(request):
    """Both served sites, by the case table's names (the harbin one is built only when needed)."""
    cache = {}

    def get(name: str) -> Site:
        if name not in cache:
            cache[name] = request.getfixturevalue({"content": "served_site", "harbin": "served_harbin"}[name])
        return cache[name]

    return get


# --------------------------------------------------------------------------- page helpers

READ_JS = """
const names = sel => [...document.querySelectorAll(sel)].map(e => e.getAttribute('data-material'));
const summary = document.querySelector('[data-checker="summary"]');
return {
  required: names('[data-checker="required"] [data-material]'),
  missing: names('[data-checker="missing"] [data-material]'),
  undetermined: names('[data-checker="undetermined"] [data-material]'),
  summary: summary ? summary.innerText : null,
  asked: [...document.querySelectorAll('#checker fieldset[data-question]')].filter(f => !f.hidden)
    .map(f => f.getAttribute('data-question')),
  live: summary ? summary.getAttribute('aria-live') : null,
};
"""

FIND_INPUT_JS = """
const [type, name, value] = arguments;
return [...document.querySelectorAll('#checker input[type="' + type + '"]')]
  .find(i => i.name === name && i.value === value) || null;
"""


def open_checker(driver, site: Site, matter: str) -> None:
    page = f"matters/{matter}/index.html"
    need((site.root / page).is_file(), f"the built site has no {page}")
    driver.get(site.url(page))
    wait_loaded(driver)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("const c = document.getElementById('checker'); return !!c && !c.hidden"),
        message=f"the 材料自查 section (#checker) is missing or stays hidden on {page}",
    )


def find_input(driver, kind: str, name: str, value: str):
    element = driver.execute_script(FIND_INPUT_JS, kind, name, value)
    assert element is not None, f'no <input type="{kind}" name="{name}" value="{value}"> in #checker'
    return element


def tick(driver, material: str) -> None:
    box = find_input(driver, "checkbox", "have", material)
    if not box.is_displayed():  # a not-required material: inside the collapsed <details>
        driver.execute_script("arguments[0].closest('details').querySelector('summary').click()", box)
    box.click()
    assert box.is_selected(), f"clicking the checkbox for {material} did not tick it"


def answer(driver, key: str, option: str) -> None:
    radio = find_input(driver, "radio", key, option)
    if radio.is_displayed():
        radio.click()
    else:  # a case answering a question before the one that makes it matter: a state the CLI can reach
        driver.execute_script("arguments[0].click()", radio)
    assert radio.is_selected(), f"clicking {key} = {option} did not select it"


def set_submitted(driver, date: str) -> None:
    driver.execute_script(
        "const i = document.getElementById('checker-submitted'); i.value = arguments[0];"
        "i.dispatchEvent(new Event('input', {bubbles: true})); i.dispatchEvent(new Event('change', {bubbles: true}));",
        date,
    )


def dues(driver) -> list[tuple[str, str | None]]:
    return driver.execute_script(
        "return [...document.querySelectorAll('[data-checker=\"schedule\"] [data-step]')]"
        ".map(e => [e.getAttribute('data-step'), e.getAttribute('data-due')])"
    )


# --------------------------------------------------------------------------- (1) the case table on the page


def test_case_table_covers_enough():
    assert len(CASES) >= 30, f"only {len(CASES)} cases in {CASES_FILE.name}"
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids are not unique"
    assert {c["site"] for c in CASES} == {"content", "harbin"}
    assert {c["matter"] for c in CASES if c["site"] == "content"} >= {"1.1", "2.1", "3.1", "4.1", "4.2"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_checker_page_matches_case(driver, sites, case):
    site = sites(case["site"])
    open_checker(driver, site, case["matter"])
    for key, option in case["answers"].items():
        answer(driver, key, option)
    for material in case["haves"]:
        tick(driver, material)
    got = driver.execute_script(READ_JS)
    expected = {k: case[k] for k in ("required", "missing", "undetermined", "asked")}
    assert {k: got[k] for k in expected} == expected, f"{case['id']} ({case['note']}): page shows {got}"
    assert got["live"] == "polite", "the summary is not an aria-live=\"polite\" region"
    text = got["summary"]
    if case["missing"]:
        assert f"还缺 {len(case['missing'])} 项" in text, f"summary does not say 还缺 {len(case['missing'])} 项: {text!r}"
        absent = [m for m in case["missing"] if m not in text]
        assert not absent, f"summary does not name {absent}: {text!r}"
    else:
        assert "还缺" not in text, f"nothing is missing, yet the summary says: {text!r}"
    if case["undetermined"]:
        assert "个问题未回答" in text, f"undetermined materials, yet the summary does not say questions are open: {text!r}"
    elif not case["missing"]:
        assert "材料已齐全" in text, f"complete, yet the summary does not say 材料已齐全: {text!r}"


def visible_questions(driver) -> list[str]:
    return driver.execute_script(READ_JS)["asked"]


def test_moot_questions_leave_the_screen(driver, served_site: Site):
    """Issue 16: 2.1 asks 认定类别 first; 病退人员 only for 需赡养…人员, and it goes when 单亲家庭人员 is chosen."""
    open_checker(driver, served_site, "2.1")
    assert visible_questions(driver) == ["认定类别"]
    answer(driver, "认定类别", "需赡养（抚养）患有重大疾病直系亲属的人员")
    assert visible_questions(driver) == ["认定类别", "病退人员"]
    answer(driver, "认定类别", "单亲家庭人员")
    assert visible_questions(driver) == ["认定类别", "婚姻状况", "收养子女"], "病退人员 is moot for 单亲家庭人员"
    radio = find_input(driver, "radio", "认定类别", "单亲家庭人员")
    assert driver.switch_to.active_element == radio, "the answered radio keeps the focus"
    summary = driver.find_element(By.CSS_SELECTOR, '[data-checker="summary"]').text
    assert "还有 2 个问题未回答" in summary, summary
    answer(driver, "婚姻状况", "离婚")
    answer(driver, "收养子女", "否")
    assert "个问题未回答" not in driver.find_element(By.CSS_SELECTOR, '[data-checker="summary"]').text


# --------------------------------------------------------------------------- (2) the case table through the CLI


def run_check(args: list[str]) -> subprocess.CompletedProcess:
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary} (set GONGKAI_BIN or build it)")
    return subprocess.run([str(binary), "check", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def check_args(case) -> list[str]:
    args = [case["matter"], "--json", "--content", str(site_folder(case["site"]))]
    for key, option in case["answers"].items():
        args += ["--answer", f"{key}={option}"]
    for material in case["haves"]:
        args += ["--have", material]
    return args


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_checker_cli_matches_case(case):
    proc = run_check(check_args(case))
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"`gongkai check {' '.join(check_args(case))}` exited {proc.returncode} without JSON:\n"
                    f"{proc.stdout}\n{proc.stderr}", pytrace=False)
    got = {"required": out["required"], "missing": out["missing"],
           "undetermined": [u["name"] for u in out["undetermined"]], "asked": out["askedQuestions"]}
    expected = {k: case[k] for k in ("required", "missing", "undetermined", "asked")}
    assert out["unansweredQuestions"] == [q for q in case["asked"] if q not in case["answers"]]
    assert got == expected, f"{case['id']} ({case['note']}): CLI says {got}"
    complete = not case["missing"] and not case["undetermined"]
    assert out["complete"] is complete
    assert proc.returncode == (0 if complete else 1), f"exit status {proc.returncode}, want {0 if complete else 1}"


@pytest.mark.parametrize("extra", [["--answer", "认定类别=低保家庭"], ["--answer", "类别=低保家庭人员"], ["--have", "户口簿"]],
                         ids=["unknown-option", "unknown-question", "unknown-material"])
def test_checker_cli_rejects_unknown_names(extra):
    proc = run_check(["2.1", "--json", "--content", str(content_dir()), *extra])
    assert proc.returncode == 2, f"exit status {proc.returncode} for {extra}, want 2\n{proc.stdout}\n{proc.stderr}"


def test_checker_cli_schedule_worked_example():
    proc = run_check(["1.1", "--json", "--content", str(HARBIN), "--submitted", "2025-09-26"])
    out = json.loads(proc.stdout)
    schedule = out["schedule"]
    assert schedule["covered"] is True and schedule["submitted"] == "2025-09-26"
    assert [s["due"] for s in schedule["steps"]] == WORKED_EXAMPLE
    assert schedule["completion"] == WORKED_EXAMPLE[-1]


# --------------------------------------------------------------------------- (3) time limits on the page


def test_schedule_worked_example(driver, served_harbin: Site):
    open_checker(driver, served_harbin, "1.1")
    today = driver.execute_script(
        "const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
        ".map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-')"
    )
    assert driver.find_element(By.ID, "checker-submitted").get_attribute("value") == today, (
        "#checker-submitted does not default to today's local date"
    )
    set_submitted(driver, "2025-09-26")
    got = dues(driver)
    assert [due for _, due in got] == WORKED_EXAMPLE, f"due dates for 2025-09-26: {got}"
    completion = driver.find_element(By.CSS_SELECTOR, '[data-checker="completion"]').text
    assert "2025年10月20日" in completion, f"completion line: {completion!r}"
    message = driver.find_element(By.CSS_SELECTOR, '[data-checker="schedule-message"]')
    assert not message.is_displayed()

    set_submitted(driver, "2030-03-04")
    assert all(due is None for _, due in dues(driver)), f"dates shown outside the calendar: {dues(driver)}"
    assert message.is_displayed() and "日历数据未覆盖" in message.text and "2024—2026" in message.text, (
        f"message for 2030: {message.text!r}"
    )
    assert not driver.find_element(By.CSS_SELECTOR, '[data-checker="completion"]').is_displayed()
    # The rule is stated in words on the page.
    rule = driver.find_element(By.CSS_SELECTOR, ".checker-rule").text
    for words in ("第二天", "工作日", "节假日", "调休", "第二百零三条"):
        assert words in rule, f"the rule in words does not mention {words}: {rule!r}"


SCHEDULE_DATES = ["2025-09-26", "2025-01-24", "2025-04-30", "2024-02-08", "2024-09-13", "2026-12-10", "2026-12-25",
                  "2023-12-29"]


def test_schedule_page_agrees_with_cli(driver, served_harbin: Site):
    """Around holidays, make-up working days and the calendar's edges, the page dates what the CLI dates."""
    open_checker(driver, served_harbin, "1.1")
    problems = []
    for date in SCHEDULE_DATES:
        out = json.loads(run_check(["1.1", "--json", "--content", str(HARBIN), "--submitted", date]).stdout)["schedule"]
        cli = [s.get("due") for s in out["steps"]] if out["covered"] else [None] * len(out["steps"])
        set_submitted(driver, date)
        page = [due for _, due in dues(driver)]
        uncovered = driver.find_element(By.CSS_SELECTOR, '[data-checker="schedule-message"]').is_displayed()
        if page != cli or uncovered == out["covered"]:
            problems.append(f"{date}: page {page} (message shown: {uncovered}), CLI {cli} (covered: {out['covered']})")
    fail_if(problems, "page and `gongkai check --submitted` disagree:\n" + "\n".join(problems))


# The shared schedule table (Tests/GongkaiTests/Fixtures/schedule-cases.json, also run by ScheduleTests in
# Swift): 当场, 个月 (民法典 第二百零二条), steps without 时限 (「不早于」), holidays, the calendar's edge.
SCHEDULE_CASES = json.loads((REPO / "Tests" / "GongkaiTests" / "Fixtures" / "schedule-cases.json").read_text("utf-8"))
LABELS = yaml.safe_load((REPO / "themes" / "default" / "labels.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def schedule_site(tmp_path_factory):
    """The Harbin site with one matter per row of the schedule table (序号 1.<row>), its 运行流程 the row's steps:
    (content folder, served site)."""
    root = tmp_path_factory.mktemp("schedule")
    content = root / "content"
    shutil.copytree(HARBIN, content)
    template = (content / "matters" / "1.2.md").read_text("utf-8")
    for old in (content / "matters").glob("*.md"):
        old.unlink()
    for number, case in enumerate(SCHEDULE_CASES, 1):
        steps = "".join(
            f"  - 步骤: 第{n}步\n    办理: 社区\n" + (f"    时限: {limit}\n" if limit else "")
            for n, limit in enumerate(case["steps"], 1)
        )
        text = re.sub(r'^序号: .*$', f'序号: "1.{number}"', template, count=1, flags=re.M)
        text = re.sub(r'^名称: .*$', f'名称: 时限用例 {case["id"]}', text, count=1, flags=re.M)
        text = re.sub(r"^运行流程:\n(?:(?:  |#).*\n)*", "运行流程:\n" + steps, text, count=1, flags=re.M)
        (content / "matters" / f"1.{number}.md").write_text(text, "utf-8")
    for site in serve(build_site(content, root / "public")):
        yield content, site


def human(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    weekday = LABELS["checkerWeekdays"][(day.weekday() + 1) % 7]
    return LABELS["checkerDateFormat"].format(y=day.year, m=day.month, d=day.day, w=weekday)


@pytest.mark.parametrize("number, case", list(enumerate(SCHEDULE_CASES, 1)), ids=[c["id"] for c in SCHEDULE_CASES])
def test_schedule_case_on_the_page(driver, schedule_site, number, case):
    _, site = schedule_site
    open_checker(driver, site, f"1.{number}")
    set_submitted(driver, case["submitted"])
    got = driver.execute_script(
        "return [...document.querySelectorAll('[data-checker=\"schedule\"] [data-step]')].map(e => ["
        "e.getAttribute('data-due'), e.hasAttribute('data-due-earliest'),"
        "e.querySelector('[data-checker-due]').textContent, e.querySelector('.checker-detail').textContent])"
    )
    page = [None if due is None else ("不早于 " if earliest else "") + due for due, earliest, _, _ in got]
    assert page == case["dues"], f"{case['id']}: the page dates {page}, the table {case['dues']}"
    for (due, earliest, words, detail), limit in zip(got, case["steps"]):
        if due is not None:
            label = LABELS["checkerDueEarliest" if earliest else "checkerDue"]
            assert words == label.replace("{date}", human(due)), f"{case['id']}: {words!r}"
        else:
            assert words == "", f"{case['id']}: a step without a date shows {words!r}"
        # A step shows its 时限 or 没有规定时限, never both.
        assert (LABELS["checkerNoLimit"] in detail) == (limit is None), f"{case['id']}: {detail!r}"
    completion = driver.find_element(By.CSS_SELECTOR, '[data-checker="completion"]')
    message = driver.find_element(By.CSS_SELECTOR, '[data-checker="schedule-message"]')
    assert message.is_displayed() != case["covered"], f"{case['id']}: 日历数据未覆盖 shown: {message.is_displayed()}"
    if case["completion"] is None:
        assert not completion.is_displayed(), f"{case['id']}: {completion.text!r}"
    else:
        earliest = case["completion"].startswith("不早于 ")
        day = case["completion"].removeprefix("不早于 ")
        label = LABELS["checkerCompletionEarliest" if earliest else "checkerCompletion"]
        assert completion.text == label.replace("{date}", human(day)), f"{case['id']}: {completion.text!r}"


@pytest.mark.parametrize("number, case", list(enumerate(SCHEDULE_CASES, 1)), ids=[c["id"] for c in SCHEDULE_CASES])
def test_schedule_case_in_the_command_line(schedule_site, number, case):
    content, _ = schedule_site
    out = json.loads(run_check([f"1.{number}", "--json", "--content", str(content), "--submitted", case["submitted"]])
                     .stdout)["schedule"]
    assert out["covered"] == case["covered"]
    cli = [None if "due" not in s else ("不早于 " if s.get("earliest") else "") + s["due"] for s in out["steps"]]
    assert cli == case["dues"], f"{case['id']}: the CLI dates {cli}, the table {case['dues']}"
    completion = out.get("completion") and ("不早于 " if out.get("completionEarliest") else "") + out["completion"]
    assert completion == case["completion"]


@pytest.mark.parametrize("site_name, matter", [("content", "2.1"), ("harbin", "1.2")])
def test_schedule_hidden_without_time_limits(driver, sites, site_name, matter):
    open_checker(driver, sites(site_name), matter)
    assert not driver.find_element(By.CSS_SELECTOR, "[data-checker-schedule]").is_displayed()
    assert all(due is None for _, due in dues(driver))


# --------------------------------------------------------------------------- (4) axe-core


def use_checker_on_21(driver) -> None:
    answer(driver, "认定类别", "单亲家庭人员")
    answer(driver, "婚姻状况", "离婚")
    tick(driver, "户口本")
    tick(driver, "所抚养子女的在学材料")
    driver.execute_script("document.querySelector('#checker details').open = true")


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_checker_axe(driver, served_site: Site, mode: str):
    open_checker(driver, served_site, "2.1")
    if mode == "elder":
        switch_elder_on(driver)
    use_checker_on_21(driver)
    violations = run_axe(driver)
    fail_if(violations, f"axe: {len(violations)} violations on the 材料自查 of 2.1 ({mode} mode):\n{describe(violations)}")


# --------------------------------------------------------------------------- (5) no network, no storage


def test_checker_sends_and_stores_nothing(driver, served_site: Site, served_harbin: Site):
    for site, matter in ((served_site, "2.1"), (served_harbin, "1.1")):
        driver.delete_all_cookies()
        open_checker(driver, site, matter)
        driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear()")
        switch_elder_on(driver)
        drain_logs(driver)
        if matter == "2.1":
            use_checker_on_21(driver)
            find_input(driver, "checkbox", "have", "户口本").click()
            driver.find_element(By.CSS_SELECTOR, "[data-checker-reset]").click()
        else:
            answer(driver, "人员类别", "单亲抚养未成年人失业人员")
            tick(driver, "相关证明材料")
            set_submitted(driver, "2025-09-26")
            driver.find_element(By.CSS_SELECTOR, ".checker-ask a, [data-checker-ask] a").click()
        driver.execute_script("window.print = () => { window.__printed = true; }")
        driver.find_element(By.CSS_SELECTOR, "[data-checker-print]").click()
        driver.execute_script("return new Promise(r => setTimeout(r, 300))")
        urls = requested_urls(driver)
        assert urls == [], f"using the checker on {matter} made requests: {urls}"
        stored = driver.execute_script(
            "return {local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie}"
        )
        assert set(stored["local"]) <= {ELDER_KEY}, f"localStorage keys after using the checker: {stored['local']}"
        assert stored["session"] == [] and stored["cookie"] == "", f"storage after using the checker: {stored}"
        assert driver.get_cookies() == [], f"cookies after using the checker: {driver.get_cookies()}"
        driver.execute_script("window.localStorage.clear()")


def test_checker_is_hidden_without_javascript(nojs_driver, served_site: Site):
    nojs_driver.get(served_site.url("matters/2.1/index.html"))
    wait_loaded(nojs_driver)
    sections = nojs_driver.find_elements(By.ID, "checker")
    assert sections, "no #checker section on matters/2.1"
    assert not sections[0].is_displayed(), "without JavaScript the 材料自查 section must stay hidden"


# --------------------------------------------------------------------------- (6) keyboard and target sizes


ACTIVE_JS = "const a = document.activeElement; return [a.tagName.toLowerCase(), a.type || '', a.name || '', a.value || '', a.checked === true]"


def test_checker_keyboard(driver, served_site: Site):
    from selenium.webdriver.common.action_chains import ActionChains

    open_checker(driver, served_site, "2.1")

    def press(key):
        ActionChains(driver).send_keys(key).perform()

    def summary():
        return driver.find_element(By.CSS_SELECTOR, '[data-checker="summary"]').text

    # Start from the link under the name (to the full 信息表), just before the checker.
    need(driver.execute_script(
        "const link = document.querySelector('.matter-summary a[href]');"
        "if (!link) return false; link.focus(); return true;"
    ), "no link under the name of 2.1 to start tabbing from")
    press(Keys.TAB)
    assert driver.execute_script(ACTIVE_JS)[:4] == ["input", "radio", "认定类别", "零就业家庭人员"], (
        f"Tab from the line under the name does not reach the first radio: {driver.execute_script(ACTIVE_JS)}"
    )
    before = summary()
    press(Keys.ARROW_DOWN)
    assert driver.execute_script(ACTIVE_JS) == ["input", "radio", "认定类别", "低保家庭人员", True], (
        f"ArrowDown did not choose the next answer: {driver.execute_script(ACTIVE_JS)}"
    )
    after_answer = summary()
    assert after_answer != before and "还缺 4 项" in after_answer, f"summary after the answer: {after_answer!r}"
    for _ in range(12):
        press(Keys.TAB)
        if driver.execute_script(ACTIVE_JS)[1] == "checkbox":
            break
    active = driver.execute_script(ACTIVE_JS)
    assert active[:4] == ["input", "checkbox", "have", "户口本"], f"Tab did not reach the first checkbox: {active}"
    press(Keys.SPACE)
    assert driver.execute_script(ACTIVE_JS)[4] is True, "Space did not tick the checkbox"
    after_tick = summary()
    assert "还缺 3 项" in after_tick and "户口本" not in after_tick, f"summary after ticking 户口本: {after_tick!r}"
    assert driver.find_element(By.CSS_SELECTOR, '[data-checker="summary"]').get_attribute("aria-live") == "polite"


TARGETS_JS = """
const out = [];
for (const el of document.querySelectorAll('#checker label, #checker button, #checker summary, #checker input[type=date]')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  out.push([el.tagName.toLowerCase() + '.' + el.className + ' ' + el.textContent.trim().slice(0, 20), r.height, r.width]);
}
return out;
"""


@pytest.mark.parametrize("mode, minimum", [("normal", 44), ("elder", 56)])
def test_checker_targets_are_big(driver, served_harbin: Site, mode: str, minimum: int):
    open_checker(driver, served_harbin, "1.1")
    if mode == "elder":
        switch_elder_on(driver)
    answer(driver, "人员类别", "单亲抚养未成年人失业人员")
    driver.execute_script("document.querySelector('#checker details').open = true")
    targets = driver.execute_script(TARGETS_JS)
    need(len(targets) > 20, f"only {len(targets)} targets measured")
    small = [f"{name}: {h:.1f}px tall" for name, h, w in targets if h < minimum - 0.5 or w < minimum - 0.5]
    fail_if(small, f"targets under {minimum}px ({mode} mode):\n" + "\n".join(small))


# --------------------------------------------------------------------------- the printed 一次告知单


def test_print_notice(driver, served_site: Site):
    open_checker(driver, served_site, "2.1")
    use_checker_on_21(driver)
    driver.execute_script("window.print = () => { window.__printed = true; }")
    driver.find_element(By.CSS_SELECTOR, "[data-checker-print]").click()
    assert driver.execute_script("return window.__printed === true"), "打印我的材料清单 did not call window.print()"
    assert driver.execute_script("return document.documentElement.classList.contains('printing-checklist')")
    with print_media(driver):
        notice = driver.find_element(By.CSS_SELECTOR, "[data-checker-notice]")
        assert notice.is_displayed(), "the 一次告知单 is not shown in print"
        for hidden in (".site-header", ".site-footer", "section.info", ".checker-questions", ".checker-result"):
            assert not driver.find_element(By.CSS_SELECTOR, hidden).is_displayed(), f"{hidden} is printed with the 一次告知单"
        text = notice.text
        today = datetime.date.today()
        for words in ("天津市滨海新区大沽街党群服务中心", "2.1 就业援助", "认定类别", "单亲家庭人员", "离婚",
                      "✓", "户口本", "✗", "身份证", f"{today.year}年{today.month}月{today.day}日"):
            assert words in text, f"the 一次告知单 does not show {words!r}:\n{text}"
        where = driver.execute_script("return JSON.parse(document.getElementById('checker-rules').textContent).where")
        assert where.get("address"), f"the rules give no address: {where}"
        for key, value in where.items():
            if value:
                assert value in text, f"the 一次告知单 does not show where.{key} = {value!r}:\n{text}"
        missing = driver.find_element(By.CSS_SELECTOR, '[data-notice="missing"]').text
        assert missing == "身份证、《天津市就业困难人员认定情况表》、离婚证、离婚协议或法院判决书", f"missing line: {missing!r}"
    driver.execute_script("window.dispatchEvent(new Event('afterprint'))")
    assert not driver.execute_script("return document.documentElement.classList.contains('printing-checklist')")
    # Ctrl+P afterwards prints the page, not the notice, and leaves the checker out.
    with print_media(driver):
        assert not driver.find_element(By.ID, "checker").is_displayed()
        assert driver.find_element(By.CSS_SELECTOR, "section.info").is_displayed()
