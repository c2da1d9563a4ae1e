#!/usr/bin/env python3
"""Turns `perf script --no-inline -F tid,ip,sym` output (stdin) into folded stacks and a flame graph SVG.

    perf script --no-inline -F tid,ip,sym -i perf.data | bench/profile/flamegraph.py --title T --svg out.svg

Frames are shortened to their function's qualified name (template arguments and parameters dropped), so
Asio's and Beast's long types stay readable. Also prints the 30 widest frames by inclusive share."""
import argparse
import collections
import html
import re
import sys

WIDTH, ROW, FONT = 1600, 17, 11


def short_name(symbol):
    symbol = symbol.strip()
    if not symbol or symbol == "[unknown]":
        return None
    out, depth = [], 0
    for ch in symbol:  # drop everything between <> and () at any depth
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    name = re.sub(r"\s+", " ", "".join(out)).strip()
    name = re.sub(r"^.*\s(?=[\w:~]+$)", "", name)  # a leading return type
    return name or symbol[:60]


def folded_stacks(lines):
    stacks, frames = collections.Counter(), []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                stacks[";".join(reversed(frames))] += 1
            frames = []
        elif line.startswith(("\t", " ")) and frames is not None:
            parts = line.strip().split(" ", 1)
            name = short_name(parts[1]) if len(parts) > 1 else None
            if name and (not frames or frames[-1] != name):
                frames.append(name)
    if frames:
        stacks[";".join(reversed(frames))] += 1
    return stacks


def build_tree(stacks):
    root = {"name": "all", "count": 0, "children": {}}
    for stack, count in stacks.items():
        root["count"] += count
        node = root
        for name in stack.split(";"):
            node = node["children"].setdefault(name, {"name": name, "count": 0, "children": {}})
            node["count"] += count
    return root


def color(name):
    h = sum(map(ord, name)) % 60
    if "duckdb::" in name:
        return f"rgb(230,{150 + h},60)"
    if "duckwire::" in name:
        return f"rgb(90,{160 + h // 2},220)"
    if "boost::" in name:
        return f"rgb(150,{190 + h // 2},120)"
    return f"rgb(220,{100 + h},{90 + h // 2})"


def svg(root, title):
    depth_of = lambda node: 1 + max((depth_of(c) for c in node["children"].values()), default=0)
    depth = depth_of(root)
    height = (depth + 2) * ROW
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="monospace" '
             f'font-size="{FONT}"><rect width="100%" height="100%" fill="#fdfdf6"/>',
             f'<text x="{WIDTH / 2}" y="{ROW - 4}" text-anchor="middle" font-size="{FONT + 3}">{html.escape(title)}</text>']
    total = root["count"] or 1

    def draw(node, x, level):
        w = node["count"] / total * WIDTH
        if node["count"] / total < 0.002:  # frames under 0.2 % are left out, keeping the file small
            return
        y = height - (level + 1) * ROW
        share = 100 * node["count"] / total
        label = html.escape(node["name"])
        parts.append(f'<g><title>{label} ({share:.1f}%)</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                     f'height="{ROW - 1}" fill="{color(node["name"])}"/>')
        chars = int(w / (FONT * 0.6))
        if chars >= 3:
            text = node["name"] if len(node["name"]) <= chars else node["name"][:chars - 2] + ".."
            parts.append(f'<text x="{x + 2:.1f}" y="{y + ROW - 5}">{html.escape(text)}</text>')
        parts.append("</g>")
        for child in sorted(node["children"].values(), key=lambda c: c["name"]):
            draw(child, x, level + 1)
            x += child["count"] / total * WIDTH

    draw(root, 0, 0)
    parts.append("</svg>")
    return "\n".join(parts)


def widest(stacks, top):
    inclusive = collections.Counter()
    for stack, count in stacks.items():
        for name in set(stack.split(";")):
            inclusive[name] += count
    total = sum(stacks.values()) or 1
    return [(100 * count / total, name) for name, count in inclusive.most_common(top)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--title", default="")
    parser.add_argument("--svg")
    parser.add_argument("--folded")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    stacks = folded_stacks(sys.stdin)
    if args.folded:
        with open(args.folded, "w") as out:
            for stack, count in stacks.most_common():
                out.write(f"{stack} {count}\n")
    if args.svg:
        with open(args.svg, "w") as out:
            out.write(svg(build_tree(stacks), f"{args.title} ({sum(stacks.values())} samples)"))
    for share, name in widest(stacks, args.top):
        print(f"{share:5.1f}%  {name}")


if __name__ == "__main__":
    main()
