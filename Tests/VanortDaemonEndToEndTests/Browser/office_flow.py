"""The web face as the international office's staff use it, in Debian's Chromium driven by
selenium, with axe checking every page (WebFaceTests runs it on the example register).

Usage: python3 office_flow.py BASE_URL INVITATION_LINK EMAIL CITY_ID SCREENSHOTS_DIR
Prints one JSON line of what it found; exits non-zero on the first thing that is wrong.
"""

import json
import sys

from web_flow import browser, check, fill, found, shows, fail  # noqa: F401  (one browser set-up for both flows)
from selenium.webdriver.common.by import By

base, link, email, city, shots = sys.argv[1:6]
PASSWORD = "Internationella kontoret 2027"

driver = browser()
try:
    driver.get(link)
    fill(driver, "password", PASSWORD)
    fill(driver, "repeat", PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "Lösenordet är sparat"):
        fail("setting the password")
    driver.get(base + "/")
    fill(driver, "email", email)
    fill(driver, "password", PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "På gång"):
        fail("signing in")
    check(driver, "office-agenda", shots)

    # The reminders that wait: snooze the first to a later day, acknowledge the next.
    driver.get(base + "/reminders")
    check(driver, "reminders", shots)
    forms = driver.find_elements(By.CSS_SELECTOR, "form[action$='/snooze']")
    found["waiting"] = len(forms)
    if len(forms) < 2:
        fail("fewer than two reminders wait: %d" % len(forms))
    snoozed = forms[0].get_attribute("action").split("/")[-2]
    fill(driver, "until-" + snoozed, "2031-01-15")
    forms[0].find_element(By.CSS_SELECTOR, "button").click()
    if not shows(driver, "Påminnelse %s är ändrad" % snoozed):
        fail("snoozing: " + driver.find_element(By.TAG_NAME, "main").text)
    found["snoozed"] = int(snoozed)
    ack = driver.find_elements(By.CSS_SELECTOR, "form[action$='/ack']")[0]
    acked = ack.get_attribute("action").split("/")[-2]
    ack.find_element(By.CSS_SELECTOR, "button").click()
    if not shows(driver, "Påminnelse %s är ändrad" % acked):
        fail("acknowledging: " + driver.find_element(By.TAG_NAME, "main").text)
    found["acked"] = int(acked)

    # The partner city's page and its review, to print for the board.
    driver.get(base + "/city/" + city)
    check(driver, "city", shots)
    found["city_sections"] = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "main h2")]
    driver.get(base + "/city/" + city + "/review")
    check(driver, "review", shots)
    found["review_title"] = driver.find_element(By.TAG_NAME, "h1").text
    found["review_sections"] = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "main h2")]
finally:
    driver.quit()
print(json.dumps(found))
