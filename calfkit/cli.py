"""The ``calfkit`` command (also ``python -m calfkit``): start the lessons, check the install.

    calfkit start [DIR]      copy the lessons into DIR (default ./calfkit-lessons), keeping any
                             lesson you changed, and open lesson 00 in JupyterLab
    calfkit start --no-copy [DIR]
                             serve DIR as it is (a clone of the repository: `make start`)
    calfkit voila [DIR]      the lessons as an app (prose, sliders and figures, no code)
    calfkit doctor           check the install and JupyterLab's extensions, with fixes

Each server prints the address of lesson 00 (with its login token) as its last line.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from pathlib import Path

from . import __version__

DEFAULT_FOLDER = "calfkit-lessons"


def _port(text: str) -> int:
    """argparse type: a TCP port number 1-65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a whole number from 1 to 65535, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be from 1 to 65535, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``calfkit`` command."""
    parser = argparse.ArgumentParser(
        prog="calfkit",
        description="calfkit: an interactive teaching kit on why runners' calves get sore "
        "(educational, not medical advice).",
    )
    parser.add_argument("--version", action="version", version=f"calfkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    start = commands.add_parser(
        "start",
        help="copy the lessons into a folder and open lesson 00 in JupyterLab",
        description="Copy the lessons into DIR (a lesson you changed there is never overwritten) "
        "and open lesson 00 in JupyterLab. The last line printed is lesson 00's address.",
    )
    start.add_argument(
        "dir",
        nargs="?",
        metavar="DIR",
        help=f"folder for your lessons (default: ./{DEFAULT_FOLDER}; with --no-copy: the current folder)",
    )
    start.add_argument(
        "--no-copy",
        action="store_true",
        help="serve DIR as it is, without copying (a clone of the repository: lesson 00 is in DIR or DIR/notebooks)",
    )
    voila = commands.add_parser(
        "voila",
        help="serve the lessons as an app (no code) in Voila",
        description="Serve the lessons as an app with Voila. The last line printed is lesson 00's address.",
    )
    voila.add_argument(
        "dir", nargs="?", metavar="DIR", help="folder of lessons (default: the lessons that came with calfkit)"
    )
    for sub in (start, voila):
        sub.set_defaults(parser=sub)  # errors show the sub-command's usage
        sub.add_argument("--port", type=_port, help="port to listen on (default: a free one)")
        sub.add_argument("--no-browser", action="store_true", help="only print the address; open no browser")
    commands.add_parser("doctor", help="check the install and the JupyterLab extensions, with the fix for each problem")
    return parser


def _folder(parser: argparse.ArgumentParser, text: str) -> Path:
    """An existing folder, resolved, or a parser error naming it."""
    path = Path(text).expanduser().resolve()
    if not path.is_dir():
        parser.error(f"DIR {text!r} is not a folder" + ("" if path.exists() else " (it does not exist)"))
    return path


def _start(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from . import lessons, serve

    if args.no_copy:
        root = _folder(parser, args.dir or ".")
    else:
        try:
            report = lessons.copy_lessons(Path(args.dir or DEFAULT_FOLDER))
        except (ValueError, OSError) as exc:
            parser.error(str(exc))
        root = report.target
        for line in report.summary():
            print(line, flush=True)
    try:
        lesson = lessons.first_lesson(root)
    except ValueError as exc:
        parser.error(str(exc))
    start = functools.partial(serve.start_lab, root, lesson, root / lessons.STATE_DIR, args.port)
    return serve.run(start, "JupyterLab", open_browser=not args.no_browser)


def _voila(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from jupyter_core.paths import jupyter_runtime_dir

    from . import lessons, serve

    if args.dir:
        root = _folder(parser, args.dir)
        state = root / lessons.STATE_DIR
    else:
        root = lessons.lessons_dir()
        state = Path(jupyter_runtime_dir()) / "calfkit"  # never write into the installed package
    try:
        lesson = lessons.first_lesson(root)
    except ValueError as exc:
        parser.error(str(exc))
    start = functools.partial(serve.start_voila, root, lesson, state, args.port)
    return serve.run(start, "Voila", open_browser=not args.no_browser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``calfkit`` command with ``argv`` (default: the process' arguments); return its exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "start":
        return _start(args.parser, args)
    if args.command == "voila":
        return _voila(args.parser, args)
    from .install_check import doctor

    return 0 if doctor() else 1
