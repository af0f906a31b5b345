#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A checkout with no configuration at all is a developer's: let manage.py work there
    # (makemigrations, shell, tests of settings). Production sets SECRET_KEY, so this never
    # applies there, and the web server (wsgi.py/asgi.py) still refuses to start without it.
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "true"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
