"""Who reaches a page: shared by the tests of seizure feedback and of the contact log."""

from conftest import DEMO_ACCOUNTS


def assert_reached_only_by(as_user, path: str, allowed: set) -> None:
    """Anonymous visitors are sent to log in, the accounts in `allowed` get the page, and
    every other demo account is refused (403)."""
    for email in [None, *DEMO_ACCOUNTS]:
        response = as_user(email).get(path)
        if email is None:
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if email in allowed else 403), email
