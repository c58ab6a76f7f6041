"""A tiny PDF writer for the reader's refusal tests: image-only pages, many pages, huge text, encryption.

Objects are bytes; write() numbers them 1.., adds the catalog, the page tree and a correct xref table.
encrypt() applies the standard security handler, revision 2 (RC4, 40-bit key), to every string and
stream, as PDF 1.7 §7.6.3 (algorithms 1, 2 and 4) describes.
"""

from __future__ import annotations

import hashlib
import zlib

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def stream(content: bytes, extra: str = "", compress: bool = False) -> tuple[str, bytes]:
    """A stream object as (dictionary entries, data)."""
    if compress:
        content = zlib.compress(content)
        extra += " /Filter /FlateDecode"
    return extra, content


def write(pages: list[tuple[str, list[int]]], objects: list[bytes | tuple[str, bytes]],
          encrypt_user: str | None = None, catalog: str = "") -> bytes:
    """pages: (page dictionary entries, []) with object numbers counted from 3 (1 catalog, 2 page tree).

    objects are numbered 3, 4, ... in order; each is either a PDF object body or a stream (dict, data).
    Page objects are appended after them. With encrypt_user, the file is RC4-encrypted with that user
    password (empty string: opens without a password, yet is encrypted).
    """
    first_page = 3 + len(objects)
    kids = " ".join(f"{first_page + i} 0 R" for i in range(len(pages)))
    bodies: list[bytes | tuple[str, bytes]] = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>".encode(),
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        *objects,
        *(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {entries} >>".encode() for entries, _ in pages),
    ]
    file_id = hashlib.md5(b"tinypdf").digest()
    key = b""
    encrypt_obj = ""
    if encrypt_user is not None:
        owner = rc4(hashlib.md5(_padded("owner")).digest()[:5], _padded(encrypt_user))
        p = -44  # print, copy etc. allowed; bits 7-8 and 13-32 set as the spec requires
        key = hashlib.md5(_padded(encrypt_user) + owner + p.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
        user = rc4(key, _PAD)
        bodies.append(f"<< /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> /U <{user.hex()}> /P {p} >>".encode())
        encrypt_obj = f" /Encrypt {len(bodies)} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode()
        if isinstance(body, tuple):
            entries, data = body
            if key and number != len(bodies):
                data = rc4(_object_key(key, number), data)
            out += f"<< /Length {len(data)} {entries} >>\nstream\n".encode() + data + b"\nendstream"
        else:
            out += body
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
            f"{encrypt_obj} >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _object_key(key: bytes, number: int) -> bytes:
    return hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[: min(len(key) + 5, 16)]


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(lines: list[str], pages: int = 1, encrypt_user: str | None = None,
             javascript: str = "") -> bytes:
    """Pages sharing one content stream that prints lines of Latin text in Helvetica."""
    ops = ["BT /F1 10 Tf 14 TL 50 800 Td"]
    ops += [f"({line}) Tj T*" for line in lines]
    ops.append("ET")
    content = stream("\n".join(ops).encode(), compress=True)
    entries = "/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R"
    objects: list[bytes | tuple[str, bytes]] = [FONT, content]
    catalog = ""
    if javascript:  # run when the document is opened, by a viewer that runs scripts
        objects.append(f"<< /S /JavaScript /JS ({javascript}) >>".encode())
        catalog = "/OpenAction 5 0 R "
    return write([(entries, [])] * pages, objects, encrypt_user, catalog)


def image_pdf(pages: int = 1) -> bytes:
    """Pages showing only a grey image: what a scanner produces, no text at all."""
    w = h = 64
    pixels = bytes((x * 4 + y) % 256 for y in range(h) for x in range(w))
    image = stream(pixels, f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                           "/BitsPerComponent 8", compress=True)
    content = stream(b"q 500 0 0 700 47 70 cm /Im1 Do Q")
    entries = "/Resources << /XObject << /Im1 3 0 R >> >> /Contents 4 0 R"
    return write([(entries, [])] * pages, [image, content])
