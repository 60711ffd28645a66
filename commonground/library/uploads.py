"""Attachment checks: PDF or DOCX only, by extension AND by content, under a size limit."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from commonground.library.models import AttachmentKind

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def check_attachment(upload: UploadedFile) -> str:
    """The attachment's kind (``pdf``/``docx``), or ``ValidationError`` saying what is wrong.

    A renamed file is refused: the bytes must be what the extension claims. A DOCX is a zip
    holding ``word/document.xml``; other zips (XLSX, ODT, archives) are refused.
    """
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise ValidationError(_("Only PDF and Word (.docx) files can be attached."))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(mb).1f MB); the limit is %(limit)d MB.")
            % {"mb": size / 1024 / 1024, "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf":
        if not head.startswith(PDF_MAGIC):
            raise ValidationError(_("This file is named .pdf but is not a PDF."))
        return AttachmentKind.PDF.value
    if not head.startswith(ZIP_MAGIC):
        raise ValidationError(_("This file is named .docx but is not a Word document."))
    try:
        data = upload.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(_("This Word document is damaged and cannot be read.")) from exc
    finally:
        upload.seek(0)
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ValidationError(_("This file is named .docx but is not a Word document."))
    return AttachmentKind.DOCX.value
