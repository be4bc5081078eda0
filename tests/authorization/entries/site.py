from tests.authorization.support import Entry

PAGES = {
    "home": Entry(),
    "login": Entry(public=True, logged_in_status=302),
    "logout": Entry(method="post", ok_status=302),
    "preferences": Entry(),
    "healthz": Entry(public=True),
}

API = {
    "GET /api/v1/me": Entry(),
}
