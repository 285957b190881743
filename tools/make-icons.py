#!/usr/bin/env python3
"""Draws the toolbar icons (a cookie with a shield-blue rim) as PNGs, without image libraries.
Run once when the design changes; the PNGs are committed."""
import math
import struct
import sys
import zlib
from pathlib import Path

def png(size):
    rows = []
    c = (size - 1) / 2
    r = size * 0.46
    chips = [(-0.35, -0.2), (0.25, -0.35), (0.1, 0.3), (-0.2, 0.4), (0.45, 0.15)]
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            dx, dy = x - c, y - c
            d = math.hypot(dx, dy)
            a = max(0.0, min(1.0, r - d + 0.5))  # anti-aliased edge
            rim = d > r - max(1.5, size * 0.09)
            colour = (59, 91, 219) if rim else (222, 170, 96)
            for cx, cy in chips:
                if math.hypot(dx - cx * r, dy - cy * r) < max(0.8, size * 0.07):
                    colour = (92, 58, 30)
            row += bytes(colour) + bytes([int(a * 255)])
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

out = Path(sys.argv[1] if len(sys.argv) > 1 else "extension/icons")
for size in (16, 32, 48, 128):
    (out / f"icon-{size}.png").write_bytes(png(size))
