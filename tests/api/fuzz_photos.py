"""The photo part of the API fuzz run (tests/api/schemathesis_run.py): the demo's
photo codes to mix into generated paths, and a stranger's upload of a valid photo,
sent as a phone would (multipart), which must still be a 404."""

import secrets
from typing import Any

SIZE = "thumbnail"


def photo_codes(programme: Any) -> list[str]:
    """The codes of the programme's photos (the demo photographs every site)."""
    from skingarden.photos.selectors.listing import photos_in_programme

    return [str(photo.code) for photo in photos_in_programme(programme=programme)]


def valid_photo() -> bytes:
    """A generated skin photo that passes every check of the upload."""
    from skingarden.photos.metrics.synthetic import Scene, synthetic_photo

    return synthetic_photo(Scene(width=800, height=600)).encoded("JPEG", 92)


def multipart(fields: dict[str, str], files: dict[str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, data in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{name}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def stranger_upload() -> tuple[bytes, str]:
    """What the owner could upload to site 1 today."""
    return multipart({"site": "1"}, {"photo": valid_photo()})


def photo_rows() -> dict[str, Any]:
    """Every photo row and result, for the before-and-after comparison."""
    from skingarden.photos.models import Photo, PhotoAnalysis

    return {
        "photos": list(Photo.objects.values_list("pk", "status").order_by("pk")),
        "analyses": PhotoAnalysis.objects.count(),
    }
