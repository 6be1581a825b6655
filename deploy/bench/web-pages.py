"""The web face's page times for vanort-bench (docs/benchmarks.md, section 7): a staff
member follows an invitation, signs in, and asks for each page COUNT times, one after
another, as a browser would (session cookie, no scripts). Times are the whole request
(Python's requests on loopback, connection kept).

Usage: python3 web-pages.py BASE_URL INVITATION_LINK EMAIL COUNT
Prints one JSON line: {"<page>": {"p50": seconds, "p99": seconds, "bytes": size}, ...}.
"""

import json
import statistics
import sys
import time

import requests

base, link, email, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
PASSWORD = "benchmark password 2027"
session = requests.Session()


def form_token(page):
    return page.text.split('name="form_token" value="')[1].split('"')[0]


answer = session.post(link, data={"form_token": form_token(session.get(link)), "password": PASSWORD, "repeat": PASSWORD})
assert answer.status_code == 200, answer.status_code
answer = session.post(base + "/sign-in", data={"form_token": form_token(session.get(base + "/")), "email": email, "password": PASSWORD},
                      allow_redirects=False)
assert answer.status_code == 303, answer.status_code

PAGES = {
    "/agenda": "/agenda",
    "/register/visit (newest 200)": "/register/visit",
    "/register/visit?q=study": "/register/visit?q=study",
    "/register/visit/new": "/register/visit/new",
}
figures = {}
for name, path in PAGES.items():
    times = []
    size = 0
    for _ in range(count):
        began = time.perf_counter()
        page = session.get(base + path)
        times.append(time.perf_counter() - began)
        assert page.status_code == 200, (path, page.status_code)
        size = len(page.content)
    times.sort()
    figures[name] = {"p50": statistics.median(times), "p99": times[min(len(times) - 1, int(len(times) * 0.99))], "bytes": size}
print(json.dumps(figures))
