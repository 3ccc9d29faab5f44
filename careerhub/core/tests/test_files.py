"""Uploaded files: type by content, size before reading, random private names, safe serving."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from careerhub.core import files
from careerhub.core.files import FilesErrorCode

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50
HTML_BYTES = b"<!doctype html><script>alert(document.cookie)</script>"

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def ooxml(main_content_type: str | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if main_content_type:
            archive.writestr(
                "[Content_Types].xml",
                '<Types><Override PartName="/main.xml" '
                f'ContentType="{main_content_type}"/></Types>',
            )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


ALL = files.FILE_TYPES


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, files.PDF),
        (PNG_BYTES, files.PNG),
        (JPEG_BYTES, files.JPEG),
        (ooxml(XLSX_MAIN), files.XLSX),
        (ooxml(DOCX_MAIN), files.DOCX),
        (ooxml(XLSM_MAIN), None),  # macro-enabled workbook
        (ooxml(None), None),  # a ZIP that is no office document
        (b"PK\x03\x04 not really a zip", None),
        (EXE_BYTES, None),
        (HTML_BYTES, None),
        (b"GIF89a", None),
    ],
)
def test_the_type_is_named_by_content(content, expected):
    assert files.detect(upload("anything.pdf", content)) == expected


@pytest.mark.parametrize("content", [EXE_BYTES, HTML_BYTES, ooxml(XLSX_MAIN)])
def test_a_file_renamed_pdf_is_refused_with_a_korean_message(content):
    with pytest.raises(ValidationError) as info:
        files.upload_check(
            upload("재직증명서.pdf", content), accept=(files.PDF, files.PNG), max_bytes=1024**2
        )
    assert info.value.code == FilesErrorCode.FILE_TYPE
    assert info.value.messages[0] == (
        "이 파일의 내용은 PDF, PNG 형식이 아닙니다. 파일 이름(확장자)을 바꿔도 형식은 "
        "바뀌지 않으니 실제 PDF, PNG 파일을 올려 주세요."
    )


def test_an_accepted_type_is_returned_whatever_the_name():
    found = files.upload_check(upload("scan.exe", PNG_BYTES), accept=ALL, max_bytes=1024)
    assert found == files.PNG


class Unreadable(io.RawIOBase):
    """A file that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")

    readinto = readline = read

    def seek(self, *args):
        raise AssertionError("the upload was touched before its size was checked")


def test_an_oversize_upload_is_refused_before_it_is_read():
    big = UploadedFile(
        file=Unreadable(), name="big.pdf", content_type="application/pdf", size=11 * 1024**2
    )
    with pytest.raises(ValidationError) as info:
        files.upload_check(big, accept=ALL, max_bytes=10 * 1024**2)
    assert info.value.code == FilesErrorCode.FILE_SIZE
    assert info.value.messages[0] == "파일이 너무 큽니다. 10 MB까지 올릴 수 있습니다."


def test_an_empty_upload_is_refused():
    with pytest.raises(ValidationError) as info:
        files.upload_check(upload("a.pdf", b""), accept=ALL, max_bytes=1024)
    assert info.value.code == FilesErrorCode.FILE_EMPTY


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("병적증명서.pdf", files.PDF, "병적증명서.pdf"),
        ("../../etc/passwd", None, "passwd"),
        ("C:\\Users\\김\\재직 증명서.PDF", files.PDF, "재직 증명서.pdf"),
        ("evil\x00name\r\n.png", files.PNG, "evilname.png"),
        ("photo.exe", files.JPEG, "photo.jpg"),
        ("", files.PDF, "file.pdf"),
        ("가" * 300 + ".pdf", files.PDF, "가" * 196 + ".pdf"),
    ],
)
def test_display_names_are_sanitised(name, file_type, expected):
    assert files.display_name(name, file_type) == expected


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def test_private_files_get_random_names_and_no_url(private_root):
    name = files.private_save(
        upload("내 이력서.pdf", PDF_BYTES), prefix="outcomes/evidence", file_type=files.PDF
    )
    assert re.fullmatch(r"outcomes/evidence/[0-9a-f]{32}\.pdf", name)
    assert (private_root / name).read_bytes() == PDF_BYTES
    with pytest.raises(ValueError):
        files.private_storage().url(name)
    files.private_delete(name)
    assert not (private_root / name).exists()


def test_a_private_file_is_served_as_an_attachment_that_is_not_cached(private_root):
    name = files.private_save(upload("x.pdf", PDF_BYTES), prefix="t", file_type=files.PDF)
    response = files.private_file_response(name=name, download_name="병적증명서.pdf")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%EB%B3%91" in response["Content-Disposition"]


def test_behind_nginx_the_web_server_sends_the_file(private_root, settings):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private/"
    name = files.private_save(upload("x.png", PNG_BYTES), prefix="t", file_type=files.PNG)
    response = files.private_file_response(name=name, download_name="x.png")
    assert response["X-Accel-Redirect"] == f"/_private/{name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


def test_behind_apache_the_web_server_sends_the_file(private_root, settings):
    settings.PRIVATE_FILES_SENDFILE = True
    name = files.private_save(upload("x.jpg", JPEG_BYTES), prefix="t", file_type=files.JPEG)
    response = files.private_file_response(name=name, download_name="x.jpg")
    assert response["X-Sendfile"] == str(private_root / name)
    assert response.content == b""
