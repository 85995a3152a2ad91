"""Same-run A/B of ``gap-report`` between two commits, alternating fresh processes.

    .venv/bin/python benchmarks/report_ab.py --a main --b HEAD --db DB --profile PROFILE [--rounds 6] [--format json]

On a machine other jobs share, one absolute time says little; two versions run alternately in the
same session (A B, B A, A B, ...) see the same load, so their per-round ratios of wall time and of
CPU time (user + system, which load moves much less) are the figures to compare. Each commit is
exported once (``git archive``) to a temporary folder laid out as the installed package
(``skillgap/analysis``, ``skillgap/pipelines``, ...) and put first on ``PYTHONPATH``; the same
interpreter (this venv) runs both. Every run's output must be byte-identical between A and B (the
script says so, and exits 1 when it is not). The databases of ``report_speed.py --keep DIR`` suit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PACKAGE_DIRS = ("analysis", "data", "extractors", "pipelines")
_LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], 'wb'))\n"
    "_, st, ru = os.wait4(p.pid, 0)\n"
    "print(time.perf_counter() - t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(st))\n"
)
_RUN = "import sys; from skillgap.analysis.cli import main; sys.argv[0] = 'gap-report'; main()"


def export(rev: str, dest: Path) -> Path:
    """``rev`` of this repository as an importable ``skillgap`` package under ``dest``."""
    src = dest / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    pkg = dest / "skillgap"
    pkg.mkdir()
    for d in _PACKAGE_DIRS:
        (pkg / d).symlink_to(src / d)
    for f in (src / "src" / "skillgap").iterdir():
        (pkg / f.name).symlink_to(f)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", default="main", help="git revision A (the reference)")
    ap.add_argument("--b", default="HEAD", help="git revision B")
    ap.add_argument("--db", required=True)
    ap.add_argument("--profile", required=True)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--format", default="json")
    ap.add_argument("--compiled", action="store_true",
                    help="byte-compile each exported tree first, as an installed package is (with "
                         "PYTHONDONTWRITEBYTECODE set, every run otherwise compiles skillgap's modules: ~0.1 s)")
    ap.add_argument("extra", nargs="*", help="more gap-report options (after --)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="skillgap-report-ab-"))
    try:
        return _compare(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compare(args: argparse.Namespace, work: Path) -> int:
    trees = {"A": export(args.a, work / "a"), "B": export(args.b, work / "b")}
    if args.compiled:
        for tree in trees.values():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "skillgap")], check=True,
                           stdout=subprocess.DEVNULL)
    cmd = [sys.executable, "-c", _RUN, "--profile", args.profile, "--db", args.db, "--format", args.format, *args.extra]
    runs: dict[str, list[tuple[float, float, float]]] = {"A": [], "B": []}
    outputs: dict[str, set[bytes]] = {"A": set(), "B": set()}
    load = [os.getloadavg()[0]]
    for i in range(args.rounds):
        for v in ("A", "B") if i % 2 == 0 else ("B", "A"):
            out = work / f"out_{v}"
            env = dict(os.environ, PYTHONPATH=str(trees[v]))
            res = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(out), *cmd], capture_output=True,
                                 text=True, env=env, check=True).stdout.split()
            wall, cpu, rss, code = float(res[0]), float(res[1]), float(res[2]), int(res[3])
            if code != 0:
                print(f"{v}: gap-report exited {code}", file=sys.stderr)
                return 1
            runs[v].append((wall, cpu, rss))
            outputs[v].add(out.read_bytes())
            print(f"{v} {wall:.2f} s wall {cpu:.2f} s CPU {rss:.0f} MB", flush=True)
    load.append(os.getloadavg()[0])
    for v, rev in (("A", args.a), ("B", args.b)):
        ws, cs, rs = zip(*runs[v])
        print(f"{v} ({rev}): wall best {min(ws):.2f} s, median {statistics.median(ws):.2f} s; "
              f"CPU best {min(cs):.2f} s, median {statistics.median(cs):.2f} s; peak RSS {max(rs):.0f} MB")
    wr = [b[0] / a[0] for a, b in zip(runs["A"], runs["B"])]
    cr = [b[1] / a[1] for a, b in zip(runs["A"], runs["B"])]
    print(f"B/A per round: wall median {statistics.median(wr):.3f} ({min(wr):.3f}-{max(wr):.3f}), "
          f"CPU median {statistics.median(cr):.3f} ({min(cr):.3f}-{max(cr):.3f}); load average {load[0]:.1f}-{load[1]:.1f}")
    same = len(outputs["A"] | outputs["B"]) == 1
    print("outputs byte-identical" if same else "OUTPUTS DIFFER between A and B (or between runs)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
