"""django-axes' throttle, for sign-ins that come through a web request."""

from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuse locked accounts and addresses at sign-in (django-axes).

    Axes refuses any authentication made without a request; a call without one
    (the test client's `login()`, a management command) has no address to
    throttle and no form to attack, so it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
