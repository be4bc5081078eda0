from tests.authorization.support import Entry

PAGES = {
    "home": Entry(),
    "login": Entry(public=True, logged_in_status=302),
    "logout": Entry(method="post", ok_status=302),
    "preferences": Entry(),
    "healthz": Entry(public=True),
    # an address under /api/ that no operation answers: JSON 404 for everyone
    "api_not_found": Entry(public=True, ok_status=404),
    "tmf_not_found": Entry(public=True, ok_status=404),
}

API = {
    "GET /api/v1/me": Entry(),
}
