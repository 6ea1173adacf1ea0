"""What a weasyprint PDF says, read back without a PDF library: its text and the fonts it embeds. Shared by
the tests of :mod:`auyl.core.exports` and of the apps that print PDF files."""

import re
import zlib

STREAM = rb"stream\r?\n(.*?)\r?\nendstream"


def _streams(data: bytes) -> list[bytes]:
    streams = []
    for match in re.finditer(STREAM, data, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return streams


def pdf_text(data: bytes) -> str:
    """The text of a weasyprint PDF: glyph codes of its TJ strings mapped back through the fonts'
    ToUnicode tables (a string is decoded with the font subset that has all its glyphs)."""
    streams = _streams(data)
    cmaps = []
    for stream in streams:
        if b"beginbfchar" in stream:
            pairs = re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", stream.split(b"endcodespacerange")[-1]
            )
            cmaps.append({int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs})
    words = []
    for stream in streams:
        for chunk in re.findall(rb"\[(.*?)\]\s*TJ", stream, re.S):
            codes = [
                int(h[i : i + 4], 16)
                for h in re.findall(rb"<([0-9a-fA-F]+)>", chunk)
                for i in range(0, len(h), 4)
            ]
            cmap = next((m for m in cmaps if all(c in m for c in codes)), {})
            words.append("".join(cmap.get(c, "\ufffd") for c in codes))
    return "\n".join(words)


def pdf_fonts(data: bytes) -> set[bytes]:
    """The names of the embedded font subsets (``DejaVu-Sans``, ``DejaVu-Sans-Bold``…), from the file's
    objects and its compressed object streams."""
    objects = data + b"".join(zlib.decompress(m) for m in re.findall(STREAM, data, re.S) if m[:1] == b"x")
    return set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", objects))
