"""Uploads that never touch the disk."""

from typing import IO, Any

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict


class InMemoryUpload(MemoryFileUploadHandler):
    """Keeps uploaded files in memory when the whole request is at most ``limit``
    bytes. Django writes an upload over 2.5 MB to a temporary file while the
    request runs; a file of health data on its way to the database should not.
    A larger request's files are dropped (check its length first)."""

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        # WSGI servers stop the body at its Content-Length, so it can be trusted.
        self.activated = content_length is not None and content_length <= self.limit
        return None
