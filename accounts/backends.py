from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in by email, whatever its capitalisation."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        if email is None or password is None:
            return None
        return super().authenticate(request, username=email.strip().lower(), password=password)
