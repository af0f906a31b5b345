"""Where uploaded documents are stored: the private local folder, or an S3-compatible bucket.

Either way a document is only ever read through the storage API by the app's own
download views (grants/downloads.py), which check permission first. Neither storage hands
out a link that works: the local folder is never served, and the bucket storage below
returns the same dead path instead of a signed or public bucket URL, so no template or
admin page can leak one.
"""

from storages.backends.s3 import S3Storage

NEVER_SERVED = "/private-files-are-never-served/"


class PrivateS3Storage(S3Storage):
    """django-storages' S3 storage with private objects and no URLs to the bucket."""

    default_acl = "private"
    querystring_auth = True
    file_overwrite = False

    def url(self, name, parameters=None, expire=None, http_method=None):
        return NEVER_SERVED + name
