"""The web face as a volunteer uses it, in Debian's Chromium driven by selenium, with axe
checking every page it sees (WebFaceTests runs it; the daemon and the invitations are the
test's).

Usage: python3 web_flow.py BASE_URL INVITATION_LINK EMAIL OTHER_INVITATION_LINK OTHER_EMAIL SCREENSHOTS_DIR
Prints one JSON line of what it found; exits non-zero on the first thing that is wrong.
"""

import json
import sys

import requests
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "Vänskap över gränserna 1987"
found = {"pages": [], "violations": []}


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=sv-SE"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "sv-SE,sv"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(driver, name, shots):
    """axe on the page as it stands: no serious or critical violation; a screenshot."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    found["pages"].append(name)
    for violation in serious:
        found["violations"].append({"page": name, "id": violation["id"], "nodes": [n["html"] for n in violation["nodes"]][:3]})
    if shots != "-":
        driver.save_screenshot(f"{shots}/{name}.png")


def fill(driver, field, value):
    """Types into a field; a date field is set as ISO text, since Chromium's date widget
    takes keys in the order of the browser's locale."""
    element = driver.find_element(By.ID, field)
    if element.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def shows(driver, text, seconds=15):
    """True once the page's main part says `text` (after a form's answer has loaded)."""
    def says(d):
        # While a page loads, Chromium may answer for a node of the one before: ask again.
        try:
            return text in d.find_element(By.TAG_NAME, "main").text
        except WebDriverException:
            return False

    try:
        WebDriverWait(driver, seconds).until(says)
        return True
    except TimeoutException:
        return False


def fail(message):
    found["failure"] = message
    print(json.dumps(found))
    sys.exit(1)


def volunteer(base, link, email, other_link, other_email, shots):
    driver = browser()
    try:
        flow(driver, base, link, email, other_link, other_email, shots)
    finally:
        driver.quit()


def flow(driver, base, link, email, other_link, other_email, shots):
    # The invitation from the mail: choose a password.
    driver.get(link)
    check(driver, "invitation", shots)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "repeat").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    if not shows(driver, "Lösenordet är sparat"):
        fail("setting the password: " + driver.find_element(By.TAG_NAME, "main").text)

    # Sign in: a wrong password first, then the right one.
    driver.get(base + "/")
    check(driver, "sign-in", shots)
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys("not the password at all")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "stämmer inte"):
        fail("a wrong password was not refused")
    driver.find_element(By.ID, "email").clear()
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "På gång") or not driver.current_url.endswith("/agenda"):
        fail("signing in led to " + driver.current_url)
    check(driver, "agenda", shots)

    # Register a visit: first with mistakes, each tied to its field; then as it should be.
    driver.get(base + "/register/visit/new")
    check(driver, "visit-form", shots)
    Select(driver.find_element(By.ID, "field-direction")).select_by_value("incoming")
    fill(driver, "field-city", "Atlantis")
    fill(driver, "field-from", "2027-05-10")
    fill(driver, "field-to", "2027-05-03")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    shows(driver, "Rätta följande")
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    if "Atlantis" not in summary:
        fail("the refusal did not name the city: " + summary)
    city = driver.find_element(By.ID, "field-city")
    if city.get_attribute("aria-invalid") != "true" or "field-city-error" not in (city.get_attribute("aria-describedby") or ""):
        fail("the city's error is not tied to its field")
    check(driver, "visit-form-errors", shots)
    for field, value in (("field-city", "Kecskemét"), ("field-from", "2027-05-03"), ("field-to", "2027-05-10"), ("field-participants", "14"),
                         ("field-purpose", "Körresa till vänorten")):
        fill(driver, field, value)
    Select(driver.find_element(By.ID, "field-kind")).select_by_value("culture")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "Körresa till vänorten") or "/register/visit?saved=" not in driver.current_url:
        fail("the visit was not registered: " + driver.find_element(By.TAG_NAME, "main").text)
    check(driver, "visits", shots)
    visit = driver.current_url.split("saved=")[1].split("&")[0]

    # An exchange of the association's, and a minor on it with the guardian's consent.
    driver.get(base + "/register/exchange/new")
    for field, value in (("field-title", "Ungdomsläger i Kecskemét"), ("field-city", "Kecskemét"), ("field-from", "2027-07-05"),
                         ("field-to", "2027-07-12")):
        fill(driver, field, value)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "Ungdomsläger i Kecskemét"):
        fail("the exchange was not registered: " + driver.find_element(By.TAG_NAME, "main").text)
    driver.get(base + "/register/participant/new")
    check(driver, "participant-form", shots)
    if driver.find_elements(By.ID, "field-special-needs"):
        fail("an association's form asks for special needs, which are for the office's eyes only")
    for field, value in (("field-exchange", "Ungdomsläger i Kecskemét"), ("field-name", "Ella Lind"), ("field-birth-date", "2012-03-14"),
                         ("field-guardian", "Maria Lind"), ("field-guardian-phone", "+46 70 123 45 67"), ("field-consent-date", "2026-11-20"),
                         ("field-consent-by", "Maria Lind"), ("field-consent", "photos,publication")):
        fill(driver, field, value)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    if not shows(driver, "Ella Lind"):
        fail("the participant was not registered: " + driver.find_element(By.TAG_NAME, "main").text)
    check(driver, "participants", shots)
    found["participant_page"] = driver.current_url

    # A form posted without its token is refused, with the session's own cookie.
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    forged = session.post(base + "/register/visit", data={"direction": "incoming", "city": "Kecskemét", "from": "2027-06-01", "to": "2027-06-02"},
                          allow_redirects=False)
    found["without_form_token"] = forged.status_code

    # Sign out: the session ends, its pages lead back to the sign-in form.
    driver.find_element(By.CSS_SELECTOR, "form.sign-out button").click()
    shows(driver, "Logga in")
    driver.get(base + "/register/visit")
    if driver.find_elements(By.ID, "password") == []:
        fail("after signing out, the visits still showed: " + driver.current_url)
    found["after_sign_out"] = session.get(base + "/register/visit", allow_redirects=False).status_code

    # Another association's member, invited too, sees none of it.
    other = requests.Session()

    def form_token(page):
        return page.text.split('name="form_token" value="')[1].split('"')[0]

    chosen = other.post(other_link, data={"form_token": form_token(other.get(other_link)), "password": PASSWORD, "repeat": PASSWORD})
    found["other_password"] = chosen.status_code
    signed = other.post(base + "/sign-in", data={"form_token": form_token(other.get(base + "/")), "email": other_email, "password": PASSWORD},
                        allow_redirects=False)
    found["other_sign_in"] = signed.status_code
    found["other_sees_visit"] = "Körresa till vänorten" in other.get(base + "/register/visit").text
    # Nor by typing its address: another association's visit is not found.
    found["other_opens_visit"] = other.get(base + "/register/visit/" + visit).status_code
    found["other_changes_visit"] = other.post(base + "/register/visit/" + visit, data={
        "form_token": form_token(other.get(base + "/register/visit/new")), "direction": "outgoing", "city": "Kecskemét",
        "from": "2027-05-03", "to": "2027-05-10"}, allow_redirects=False).status_code


if __name__ == "__main__":
    volunteer(*sys.argv[1:7])
    print(json.dumps(found))
