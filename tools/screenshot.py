#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Save a screenshot of the web client as a demo user sees it, from a
running `make run`, with Debian's Chromium.

    python tools/screenshot.py docs/screenshot-engineer-zh.png
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        'tests'))

from browser import login_and_screenshot  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('path')
    parser.add_argument('--url', default='http://127.0.0.1:8000')
    parser.add_argument('--database', default='service_center')
    parser.add_argument('--login', default='engineer')
    parser.add_argument('--password', default='Qiqing-2026')
    parser.add_argument('--menu', nargs='*',
        default=["售后服务中心", "客户", "安装记录"])
    args = parser.parse_args(argv)
    login_and_screenshot(args.url, args.database, args.login, args.password,
        args.path, menu=args.menu)


if __name__ == '__main__':
    main()
