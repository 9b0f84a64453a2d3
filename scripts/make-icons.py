#!/usr/bin/env python3
"""Writes the add-in's ribbon and store icons (assets/icon-*.png): a green tile with a rising bar
chart. Pure standard library so it runs anywhere; run once, the PNGs are committed."""
import struct, zlib, os

def png(size):
    bg, fg = (16, 124, 65), (255, 255, 255)
    rows = []
    bars = [(0.18, 0.40), (0.42, 0.60), (0.66, 0.80)]  # (x start, height) in fractions
    w = 0.16
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            fx, fy = x / size, 1 - (y + 0.5) / size
            on = any(x0 <= fx < x0 + w and 0.15 <= fy < 0.15 + h for x0, h in bars)
            row += bytes(fg if on else bg) + b"\xff"
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

here = os.path.join(os.path.dirname(__file__), "..", "assets")
for s in (16, 32, 64, 80, 128):
    with open(os.path.join(here, f"icon-{s}.png"), "wb") as f:
        f.write(png(s))
