#!/usr/bin/env python3
"""Opens exported notebook HTML in headless Chromium (offline) and checks that every chart drew.

usage: scripts/check-html-charts.py [--min-charts N] FILE.html...
Every <div class="companion-plot"> must contain an <svg> after the page's scripts ran (plotly.js is embedded in the page,
nothing is fetched). Exits 1 if a file has a plot div without an svg, or fewer than --min-charts plot divs.
"""
import argparse
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("COMPANION_CHROMIUM", "/usr/bin/chromium")


class PlotScanner(html.parser.HTMLParser):
    """Tracks each companion-plot div and whether an svg element appears inside it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, plot index or None)
        self.plots = []  # [id, has_svg]

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        plot = None
        if tag == "div" and "companion-plot" in (a.get("class") or "").split():
            self.plots.append([a.get("id", "?"), False])
            plot = len(self.plots) - 1
        if tag == "svg":
            for _, index in self.stack:
                if index is not None:
                    self.plots[index][1] = True
        self.stack.append((tag, plot))

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def dump_dom(path, budget_ms):
    profile = tempfile.mkdtemp(prefix="companion-chromium-")
    try:
        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", "--dump-dom",
                "file://" + os.path.abspath(path)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
        if done.returncode != 0 and not done.stdout:
            raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr.strip()[-300:]}")
        return done.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--min-charts", type=int, default=1)
    parser.add_argument("--budget-ms", type=int, default=20000)
    options = parser.parse_args()
    failed = False
    for path in options.files:
        scanner = PlotScanner()
        try:
            scanner.feed(dump_dom(path, options.budget_ms))
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
            print(f"check-html-charts: {path}: {e}", file=sys.stderr)
            failed = True
            continue
        blank = [plot_id for plot_id, drew in scanner.plots if not drew]
        drawn = len(scanner.plots) - len(blank)
        print(f"check-html-charts: {path}: {drawn}/{len(scanner.plots)} charts drew")
        if blank or len(scanner.plots) < options.min_charts:
            print(f"check-html-charts: {path}: blank: {', '.join(blank) or '-'}; need at least {options.min_charts} charts",
                  file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
