"""Uploaded files: accepted by what they contain, stored under names users never choose, served
so that a browser can neither run them nor guess another type.

- `validate_upload(file, allowed=…)` checks a file against the allow-list (PDF, Word .docx,
  Excel .xlsx, JPEG, PNG) by its bytes, never by its name or the browser's content type, and
  refuses empty, oversized, macro-enabled, encrypted, damaged and zip-bomb files with a message
  that names the file. It returns an `UploadInfo` (kind, size, SHA-256, cleaned original name).
- `stored_name(instance, filename)` is the `upload_to` of every file field:
  `files/<app>/<yyyy>/<mm>/<uuid><ext>`; the user's name is kept in a column, never on disk.
- `UploadField` is the form field that validates and hands the `UploadInfo` on.
- `file_response(fieldfile, …)` serves a stored file; the caller has already checked the scope.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 20 * MB
# Limits for the zip containers of .docx / .xlsx, against zip bombs. Python's zipfile (and so
# openpyxl and python-docx) never inflates a member past the size its central directory declares,
# so checking the declared sizes bounds what reading the file can cost.
MAX_UNPACKED_BYTES = 200 * MB
MAX_ZIP_MEMBERS = 2000
MAX_CONTENT_TYPES_BYTES = 1 * MB
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str
    label: str
    inline: bool  # browsers display it themselves (with `file_response(..., inline=True)`)
    other_extensions: tuple[str, ...] = ()


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", ".pdf", "application/pdf", "PDF", inline=True),
    "docx": FileKind(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (.docx)",
        inline=False,
    ),
    "xlsx": FileKind(
        "xlsx",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (.xlsx)",
        inline=False,
    ),
    "jpg": FileKind(
        "jpg", ".jpg", "image/jpeg", "JPEG", inline=True, other_extensions=(".jpeg", ".jpe")
    ),
    "png": FileKind("png", ".png", "image/png", "PNG", inline=True),
}
DOCUMENTS: tuple[str, ...] = ("pdf", "docx", "xlsx", "jpg", "png")
PHOTOS: tuple[str, ...] = ("jpg", "png")
KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]

_BY_EXTENSION = {
    ext: kind for kind in KINDS.values() for ext in (kind.extension, *kind.other_extensions)
}
_BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS.values()}

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected .docx/.xlsx
HEAD_BYTES = 8


@dataclass(frozen=True)
class UploadInfo:
    """What validation found out about an accepted file."""

    kind: str  # "pdf", "docx", "xlsx", "jpg", "png"
    extension: str  # ".pdf", … (from the content, not from the name)
    content_type: str
    size: int
    sha256: str
    original_name: str  # cleaned: base name only, no control characters, at most 200 characters

    @property
    def label(self) -> str:
        return KINDS[self.kind].label


# --- settings and small helpers ------------------------------------------------------------


def max_upload_bytes() -> int:
    return int(getattr(settings, "KC_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def allowed_kinds(allowed: Iterable[str] | None = None) -> tuple[str, ...]:
    """The kinds in `allowed` (all of them when None), in the allow-list's order."""
    if allowed is None:
        return DOCUMENTS
    if isinstance(allowed, str):
        allowed = [allowed]
    wanted = {str(code).lower() for code in allowed}
    unknown = wanted - KINDS.keys()
    if unknown or not wanted:
        raise ValueError(
            f"Unknown file kinds {sorted(unknown)}; use a non-empty subset of {list(KINDS)}."
        )
    return tuple(code for code in DOCUMENTS if code in wanted)


def describe_kinds(allowed: Iterable[str] | None = None) -> str:
    """'PDF, Word (.docx), Excel (.xlsx), JPEG, PNG' (for messages and help texts)."""
    return ", ".join(KINDS[code].label for code in allowed_kinds(allowed))


def accept_attribute(allowed: Iterable[str] | None = None) -> str:
    """The `accept` attribute of a file input: extensions and content types of the kinds."""
    values: list[str] = []
    for code in allowed_kinds(allowed):
        kind = KINDS[code]
        values += [kind.extension, *kind.other_extensions, kind.content_type]
    return ",".join(values)


def format_size(size: int) -> str:
    """25.3 MiB -> '25,3 MB'; 20 MiB -> '20 MB'; 1536 -> '1,5 KB' (Vietnamese decimal comma)."""
    if size >= MB:
        return f"{format_number(size / MB, 1, trim=True)} MB"
    if size >= 1024:
        return f"{format_number(size / 1024, 1, trim=True)} KB"
    return f"{size} B"


def clean_name(name: Any) -> str:
    """The user's file name made safe to keep and show: the base name only (no folders), in NFC
    (macOS sends decomposed Vietnamese letters), without control or invisible format characters
    (e.g. the right-to-left override that disguises 'exe.pdf'), spaces collapsed, at most 200
    characters with the extension kept. Vietnamese letters are kept as they are."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if text in {"", ".", ".."}:
        return "file"
    if len(text) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(text)
        if ext and len(ext) <= 16:
            text = stem[: MAX_NAME_LENGTH - len(ext)].rstrip() + ext
        else:
            text = text[:MAX_NAME_LENGTH].rstrip()
    return text


def _kind_of_name(filename: str) -> FileKind | None:
    return _BY_EXTENSION.get(os.path.splitext(clean_name(filename))[1].lower())


# --- validation ----------------------------------------------------------------------------


def _error(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message % params, code=code)


def _not_allowed(name: str, kinds: tuple[str, ...]) -> ValidationError:
    return _error(
        _("“%(name)s” is not an allowed file type. Allowed: %(allowed)s."),
        "file_type",
        name=name,
        allowed=describe_kinds(kinds),
    )


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    return _error(
        _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
        "too_large",
        name=name,
        size=format_size(size),
        limit=format_size(limit),
    )


def _read_and_hash(uploaded_file: Any, name: str, limit: int) -> tuple[str, int, bytes]:
    """One pass over the file in chunks: SHA-256, the real size, and the first bytes."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    if hasattr(uploaded_file, "chunks"):
        chunks = uploaded_file.chunks()  # Django's File.chunks() starts from the beginning
    else:
        uploaded_file.seek(0)
        chunks = iter(lambda: uploaded_file.read(64 * 1024), b"")
    for chunk in chunks:
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > limit:
            raise _too_large(name, size, limit)
        digest.update(chunk)
    return digest.hexdigest(), size, head


def _inspect_zip(uploaded_file: Any, name: str) -> str | None:
    """'docx' / 'xlsx' for an Office Open XML file without macros, None for another zip.

    Raises for macros, encryption, damage and zip bombs."""
    damaged = _error(_("“%(name)s” is damaged and cannot be read."), "damaged", name=name)
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            if (
                len(members) > MAX_ZIP_MEMBERS
                or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES
            ):
                raise _error(
                    _("“%(name)s” unpacks to too much data; it is not accepted."),
                    "unpacked_too_large",
                    name=name,
                )
            if any(m.flag_bits & 0x1 for m in members):
                raise _error(
                    _("“%(name)s” is password-protected; upload it without a password."),
                    "encrypted",
                    name=name,
                )
            by_name = {m.filename.lower(): m for m in members}
            content_types = b""
            types_member = by_name.get("[content_types].xml")
            if types_member is not None:
                if types_member.file_size > MAX_CONTENT_TYPES_BYTES:
                    raise damaged
                with archive.open(types_member) as stream:
                    content_types = stream.read(MAX_CONTENT_TYPES_BYTES + 1).lower()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise damaged from exc
    except (RuntimeError, ValueError, NotImplementedError) as exc:  # unsupported compression…
        raise damaged from exc
    names = set(by_name)
    if (
        any(
            os.path.basename(n).startswith("vbaproject") or n.endswith("/vbadata.xml")
            for n in names
        )
        or b"macroenabled" in content_types
        or b"vbaproject" in content_types
    ):
        raise _error(_("“%(name)s” contains macros, which are not accepted."), "macros", name=name)
    if types_member is None:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def validate_upload(uploaded_file: Any, *, allowed: Iterable[str] | None = None) -> UploadInfo:
    """Check an uploaded file by its content; raise ValidationError with a message naming it.

    `allowed` narrows the allow-list (e.g. `PHOTOS`). The file is read once, in chunks, and is
    left at position 0.
    """
    kinds = allowed_kinds(allowed)
    name = clean_name(getattr(uploaded_file, "name", ""))
    limit = max_upload_bytes()
    try:
        declared = getattr(uploaded_file, "size", None)
        if declared is not None and declared > limit:
            raise _too_large(name, declared, limit)
        sha256, size, head = _read_and_hash(uploaded_file, name, limit)
        if size == 0:
            raise _error(_("“%(name)s” is empty."), "empty", name=name)
        office_allowed = bool({"docx", "xlsx"} & set(kinds))
        kind: str | None = None
        if head.startswith(PDF_MAGIC):
            kind = "pdf"
        elif head.startswith(JPEG_MAGIC):
            kind = "jpg"
        elif head.startswith(PNG_MAGIC):
            kind = "png"
        elif head.startswith(ZIP_MAGIC) and office_allowed:
            kind = _inspect_zip(uploaded_file, name)
        elif head.startswith(OLE_MAGIC) and office_allowed:
            raise _error(
                _(
                    "“%(name)s” is an old (.doc, .xls) or password-protected Office file: "
                    "save it as .docx or .xlsx, without a password."
                ),
                "old_office",
                name=name,
            )
        if kind is None or kind not in kinds:
            raise _not_allowed(name, kinds)
    finally:
        # A closed or unseekable file has nothing to rewind.
        with contextlib.suppress(AttributeError, ValueError, OSError):
            uploaded_file.seek(0)
    found = KINDS[kind]
    return UploadInfo(
        kind=kind,
        extension=found.extension,
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        original_name=name,
    )


# --- storage -------------------------------------------------------------------------------


def stored_name(instance: Any, filename: str) -> str:
    """`upload_to` for every FileField: files/<app_label>/<yyyy>/<mm>/<uuid4 hex><ext>.

    The extension comes from the validated content (`instance._upload_info`, set by
    `StoredFile.fill_from_upload`), else from the name's extension if it is on the allow-list;
    otherwise there is none. Nothing else of the user's name reaches the disk.
    """
    info = getattr(instance, "_upload_info", None)
    if isinstance(info, UploadInfo):
        extension = info.extension
    else:
        kind = _kind_of_name(filename)
        extension = kind.extension if kind else ""
    app_label = instance._meta.app_label
    today = timezone.localdate()
    return f"files/{app_label}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{extension}"


# --- forms ---------------------------------------------------------------------------------


def _help_text(kinds: tuple[str, ...]) -> str:
    return _("Allowed: %(allowed)s; at most %(limit)s.") % {
        "allowed": describe_kinds(kinds),
        "limit": format_size(max_upload_bytes()),
    }


_lazy_help_text = lazy(_help_text, str)


class UploadField(forms.FileField):
    """A file field that accepts only the allow-list (or `allowed`), checked by content.

    A newly uploaded file comes out of `clean` with its `UploadInfo` as `file.upload_info`.
    """

    def __init__(self, *, allowed: Iterable[str] | None = None, **kwargs: Any) -> None:
        self.allowed = allowed_kinds(allowed)
        kwargs.setdefault("help_text", _lazy_help_text(self.allowed))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["accept"] = accept_attribute(self.allowed)
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and value is data:  # a new upload (not the initial file, not "clear")
            info = getattr(value, "upload_info", None)
            if not isinstance(info, UploadInfo) or info.kind not in self.allowed:
                value.upload_info = validate_upload(value, allowed=self.allowed)
        return value


# --- serving -------------------------------------------------------------------------------


def _ascii_name(name: str) -> str:
    """'Biên bản nghiệm thu.pdf' -> 'Bien ban nghiem thu.pdf', for browsers without filename*."""

    def ascii_only(text: str) -> str:
        text = text.replace("đ", "d").replace("Đ", "D")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        text = "".join(ch for ch in text if ch.isprintable() and ch not in '"\\;%')
        return " ".join(text.split())

    stem, ext = os.path.splitext(name)
    stem, ext = ascii_only(stem), ascii_only(ext)
    if not stem.strip(" ._-"):
        stem = "file"
    return f"{stem}{ext}"


def safe_download_name(name: str, content_type: str) -> str:
    """The name to save a file under: cleaned, with the extension its content calls for (a real
    PDF uploaded as 'x.exe' downloads as 'x.exe.pdf', never as an executable)."""
    cleaned = clean_name(name)
    kind = _BY_CONTENT_TYPE.get(content_type)
    if kind is not None and _kind_of_name(cleaned) is not kind:
        cleaned = f"{cleaned}{kind.extension}"
    return cleaned


def content_disposition(name: str, *, inline: bool = False) -> str:
    """`attachment; filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf`."""
    disposition = "inline" if inline else "attachment"
    return (
        f"{disposition}; filename=\"{_ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


# Nothing in a served file may run script, load anything or share this origin; only our own
# pages may frame it. Chromium 156 shows a PDF or an image under this policy, top-level and in a
# same-origin iframe (checked by hand).
CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'self'; sandbox"


def file_response(
    fieldfile: Any, *, download_name: str, content_type: str, inline: bool = False
) -> FileResponse:
    """Serve a stored file. The caller has checked the user's scope. 404 if it is not on disk.

    Content types outside the allow-list are served as application/octet-stream; `inline` is
    honoured for PDF, JPEG and PNG only.
    """
    name = getattr(fieldfile, "name", None)
    if not name:
        raise Http404("No file.")
    try:
        handle = fieldfile.storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as exc:
        raise Http404("The file is missing.") from exc
    kind = _BY_CONTENT_TYPE.get(content_type)
    served_type = kind.content_type if kind else "application/octet-stream"
    show_inline = bool(inline and kind and kind.inline)
    response = FileResponse(handle, content_type=served_type)
    response["Content-Disposition"] = content_disposition(
        safe_download_name(download_name, served_type), inline=show_inline
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "private"
    if show_inline:  # may be previewed in an iframe of our own pages (the default is DENY)
        response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
