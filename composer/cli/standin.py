"""`slate standin`: serve the Videos API stand-in on loopback."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from composer.catalog.profiles import Mode


def add_standin_parser(sub: Any) -> None:
    p = sub.add_parser("standin", help="serve a local stand-in of the Videos API (tests, demos, fault injection)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--faults", default="", help="e.g. 429:0.2,500@create:first=1,moderation:keyword=forbidden")
    p.add_argument("--speed", type=float, default=1.0, help="job speed factor (a job takes 3 s / speed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--state-dir", type=Path, help="where acknowledged jobs persist (survives restarts)")
    p.add_argument("--mode", choices=("strict", "docs"), default="strict")
    p.add_argument("--content-scale", type=float, default=1.0)
    p.add_argument("--dialect", choices=("openai", "vllm-omni"), default="openai",
                   help="wire shape: the OpenAI Videos API, or vLLM-Omni's (width/height/num_frames/fps, bare create)")
    p.add_argument("--served-model", default="Wan-AI/Wan2.2-T2V-A14B-Diffusers",
                   help="with --dialect vllm-omni: the one model the server runs")
    p.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    p.add_argument("--ignore-idempotency", action="store_true",
                   help="make a new job for every create POST, whatever its Idempotency-Key (as some gateways do)")
    p.set_defaults(func=run_standin)


def run_standin(args: argparse.Namespace, out: TextIO) -> int:
    from composer.standin.app import StandinConfig
    from composer.standin.faults import Faults
    from composer.standin.server import serve

    Faults.parse(args.faults)  # a bad spec fails before the server starts
    config = StandinConfig(speed=args.speed, faults=args.faults, seed=args.seed, mode=Mode(args.mode),
                           content_scale=args.content_scale, dialect=args.dialect, served_model=args.served_model,
                           idempotency=not args.ignore_idempotency)
    if args.state_dir:
        config.state_dir = args.state_dir
    out.write(f"Videos API stand-in on http://{args.host}:{args.port}/v1 (state: {config.state_dir})\n")
    out.flush()
    serve(config, args.host, args.port, allow_remote=args.allow_remote)
    return 0
