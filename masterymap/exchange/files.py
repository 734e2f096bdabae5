"""Reading an uploaded file safely: text in a known encoding, CSV with line numbers, zip
archives within limits, XML without entity tricks, JSON.

Every reader raises FileProblem with a plain, translated message when the file cannot be
used; importers turn it into a fatal Problem, so a hostile or broken file changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _safe_fromstring
from django.utils.translation import gettext as _

# Limits a school's real files stay far inside; a zip bomb or a runaway file does not.
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member
MAX_CSV_FIELD = 1024 * 1024


class FileProblem(Exception):
    """The file (or one part of it) cannot be read. `where` names the file or the part."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes) or UTF-16 with its mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise FileProblem(
                where,
                _(
                    "This file is not UTF-8 text (the first unreadable byte is on line "
                    "%(line)d). In Excel choose Save As, “CSV UTF-8”; in Google Sheets, "
                    "File, Download, CSV."
                )
                % {"line": line},
            ) from error
    raise FileProblem(where, _("This file is not text in an encoding we can read."))


@dataclass(frozen=True)
class CsvRow:
    """One data row: its cells by header name (stripped) and the line it starts on."""

    line: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()


@dataclass(frozen=True)
class CsvTable:
    headers: list[str]
    rows: list[CsvRow]


def read_csv(data: bytes, where: str) -> CsvTable:
    """A CSV file with a header row. Blank lines are skipped; a row with more cells than the
    header is refused with its line, since its values would land in the wrong columns."""
    text = decode_text(data, where)
    if "\x00" in text:
        raise FileProblem(where, _("This is not a CSV file: it contains binary data."))
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise FileProblem(where, _("The file is empty: it has no header row."))
        headers = [h.strip() for h in header]
        rows: list[CsvRow] = []
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                raise FileProblem(
                    _("%(file)s, line %(line)d") % {"file": where, "line": line},
                    _("This row has %(cells)d cells but the header names %(headers)d columns.")
                    % {"cells": len(cells), "headers": len(headers)},
                )
            rows.append(
                CsvRow(
                    line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
                )
            )
    except csv.Error as error:
        raise FileProblem(
            where, _("This CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
        ) from error
    return CsvTable(headers, rows)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06"


def read_zip(data: bytes, where: str) -> dict[str, bytes]:
    """The files in a zip archive by their path inside it ("images/sign.png"), folders and
    the Mac's __MACOSX leftovers left out. Refused: a broken archive, paths that climb out
    (“../”), encrypted members, and archives that would unpack beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FileProblem(where, _("This zip file is damaged or is not a zip file.")) from error
    if len(infos) > MAX_ZIP_MEMBERS:
        raise FileProblem(where, _("This zip file holds too many files."))
    total = 0
    files: dict[str, bytes] = {}
    for info in infos:
        name = info.filename.replace("\\", "/")
        if (
            info.is_dir()
            or name.startswith("__MACOSX/")
            or posixpath.basename(name).startswith("._")
        ):
            continue
        clean = posixpath.normpath(name)
        if clean.startswith(("/", "../")) or clean == "..":
            raise FileProblem(
                where, _("This zip file has a path outside itself: %(name)s") % {"name": name}
            )
        if info.flag_bits & 0x1:
            raise FileProblem(where, _("This zip file is encrypted."))
        total += info.file_size
        if total > MAX_ZIP_TOTAL_BYTES or info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1024
        ):
            raise FileProblem(where, _("This zip file unpacks to more than we accept."))
        try:
            content = archive.read(info)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            # The decompressors' own errors: damaged deflate or LZMA data (found by fuzzing).
            zlib.error,
            lzma.LZMAError,
        ) as error:
            raise FileProblem(
                where, _("A file in this zip is damaged: %(name)s") % {"name": name}
            ) from error
        files[clean] = content
    return files


def parse_xml(data: bytes, where: str) -> Element:
    """An XML document parsed without entities or external references (XML bombs, XXE)."""
    try:
        return _safe_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FileProblem(
            where,
            _(
                "This XML file declares entities or external references, "
                "which we refuse for safety."
            ),
        ) from error
    except (ParseError, ValueError) as error:
        raise FileProblem(
            where, _("This is not well-formed XML: %(error)s") % {"error": error}
        ) from error


def parse_json(data: bytes, where: str) -> Any:
    text = decode_text(data, where)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise FileProblem(
            where, _("This is not valid JSON: %(error)s") % {"error": error}
        ) from error


def local_name(element: Element) -> str:
    """An element's name without its namespace ("choiceInteraction")."""
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def iter_local(element: Element, name: str) -> Iterator[Element]:
    """Descendants (and itself) named `name` in any namespace."""
    for node in element.iter():
        if local_name(node) == name:
            yield node
