#!/usr/bin/env python3
"""Draws reply latency against offered load from cw-load's JSON (--json) as an SVG.

Usage: plot_latency.py results.json latency.svg
Standard library only: no network, no pip.
"""
import json
import math
import sys

W, H = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 50, 60
SERIES = [  # (who, quantile key, label, colour, dashed)
    ("host", "p50us", "host p50", "#1f6feb", False),
    ("host", "p99us", "host p99", "#1f6feb", True),
    ("reference", "p50us", "reference p50", "#d1242f", False),
    ("reference", "p99us", "reference p99", "#d1242f", True),
]


def log_scale(lo, hi, size):
    llo, lhi = math.log10(lo), math.log10(hi)
    return lambda v: (math.log10(max(v, lo)) - llo) / (lhi - llo) * size


def main():
    data = json.load(open(sys.argv[1]))
    points = data["rates"]
    if not points:
        sys.exit("no fixed-rate runs in " + sys.argv[1])
    rates = [p["rate"] for p in points]
    values = [p[w][k] for p in points for (w, k, *_r) in SERIES]
    x_lo, x_hi = 10 ** math.floor(math.log10(min(rates))), 10 ** math.ceil(math.log10(max(rates)))
    y_lo = 10 ** math.floor(math.log10(max(min(values), 1)))
    y_hi = 10 ** math.ceil(math.log10(max(max(values), 1000) * 1.01))
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    fx, fy = log_scale(x_lo, x_hi, pw), log_scale(y_lo, y_hi, ph)
    X = lambda v: LEFT + fx(v)
    Y = lambda v: TOP + ph - fy(v)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="15">Reply latency against offered load '
           f'(median of {data["runs"]} runs)</text>',
           f'<text x="{LEFT}" y="38" fill="#555">{data["date"]}, commit {data["commit"]}, '
           f'{data["machine"]}</text>']
    decade = x_lo
    while decade <= x_hi:
        for m in range(1, 10):
            v = decade * m
            if v > x_hi:
                break
            out.append(f'<line x1="{X(v):.1f}" y1="{TOP}" x2="{X(v):.1f}" y2="{TOP + ph}" '
                       f'stroke="#eee"/>')
        out.append(f'<text x="{X(decade):.1f}" y="{TOP + ph + 18}" text-anchor="middle">'
                   f'{decade:g}</text>')
        decade *= 10
    decade = y_lo
    while decade <= y_hi:
        out.append(f'<line x1="{LEFT}" y1="{Y(decade):.1f}" x2="{LEFT + pw}" y2="{Y(decade):.1f}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{Y(decade) + 4:.1f}" text-anchor="end">'
                   f'{decade:g}</text>')
        decade *= 10
    # The 1 ms p99 target at 5,000 events/s.
    out.append(f'<line x1="{LEFT}" y1="{Y(1000):.1f}" x2="{LEFT + pw}" y2="{Y(1000):.1f}" '
               f'stroke="#888" stroke-dasharray="2,4"/>')
    out.append(f'<circle cx="{X(5000):.1f}" cy="{Y(1000):.1f}" r="5" fill="none" stroke="#888"/>')
    out.append(f'<text x="{X(5000) + 8:.1f}" y="{Y(1000) - 6:.1f}" fill="#555">'
               f'target: p99 ≤ 1 ms at 5,000/s</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">'
               f'offered load, cookie.changed events per second (log)</text>')
    out.append(f'<text transform="translate(20,{TOP + ph / 2}) rotate(-90)" text-anchor="middle">'
               f'reply latency, µs (log)</text>')
    for i, (who, key, label, colour, dashed) in enumerate(SERIES):
        pts = " ".join(f"{X(p['rate']):.1f},{Y(p[who][key]):.1f}" for p in points)
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for p in points:
            out.append(f'<circle cx="{X(p["rate"]):.1f}" cy="{Y(p[who][key]):.1f}" r="3" '
                       f'fill="{colour}"/>')
        ly = TOP + 10 + i * 20
        out.append(f'<line x1="{LEFT + pw + 15}" y1="{ly}" x2="{LEFT + pw + 45}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{LEFT + pw + 52}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    open(sys.argv[2], "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
