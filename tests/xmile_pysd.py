#!/usr/bin/env python3
"""PySD runs the XMILE that `flywheel xmile` writes and gets Flywheel's numbers.

For every preset and for random scenarios (each parameter drawn within its range from
`flywheel params`, the horizon and step drawn too), this writes the scenario with
`flywheel xmile --integrator euler`, runs it with `pysd.read_xmile`, and compares every CSV
column of `flywheel run --integrator euler --format csv` that is a model variable at every
whole week. Both integrate with forward Euler from the same state and record the flows of
the state at the start of each step, so they must agree to rounding:

    |pysd - flywheel| <= 1e-9 * max(|pysd|, |flywheel|) + 1e-9 * scale

where `scale` is the largest magnitude the column reaches in the run. That floor is for values
near 0 that are differences of large terms (a layer's loss, `demand - served`; a stock run
down to nothing): their rounding error is relative to the terms, not to the small result, and
the column's largest value stands in for the terms' size.

It also checks the bounds Flywheel clamps to that XMILE cannot state (users at most the
market, the perceptions at most 1): PySD's stocks are not clamped above, so if one passed its
bound the clamp would have acted in Flywheel and the runs would differ. Exits non-zero on
any failure. usage: python3 tests/xmile_pysd.py [--random N] [--seed S]
"""

import argparse
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pysd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELATIVE = 1e-9
NOT_VARIABLES = {"week", "binding", "stage_bottleneck"}


def flywheel_binary():
    """The debug binary `cargo test` has just built (built here if not; FLYWHEEL_BIN
    overrides). Its numbers are the release build's bit for bit."""
    if os.environ.get("FLYWHEEL_BIN"):
        return os.environ["FLYWHEEL_BIN"]
    subprocess.run(["cargo", "build", "--quiet", "--bin", "flywheel"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "debug", "flywheel")


def flywheel(binary, *args):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flywheel {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def params(binary):
    """(id, min, max) of every parameter, from `flywheel params`."""
    out = []
    for line in flywheel(binary, "params").splitlines()[1:]:
        fields = line.split()
        # id, default, min, "to", max, unit...
        out.append((fields[0], float(fields[2]), float(fields[4])))
    return out


def draw(rng, low, high):
    """A value in [low, high]: evenly in the logarithm when the range spans decades."""
    if low > 0 and high / low > 100:
        return math.exp(rng.uniform(math.log(low), math.log(high)))
    if low == 0 and high > 100:
        if rng.random() < 0.1:
            return 0.0
        return math.exp(rng.uniform(math.log(high * 1e-4), math.log(high)))
    return rng.uniform(low, high)


def scenarios(binary, count, seed):
    """(label, flags) for every preset and `count` random scenarios."""
    out = [(f"preset {p}", ["--preset", p]) for p in
           (line.split()[0] for line in flywheel(binary, "presets").splitlines())]
    rng = random.Random(seed)
    specs = params(binary)
    for i in range(count):
        flags = ["--weeks", str(rng.choice([26, 52, 104, 260])),
                 "--step", str(rng.choice([1, 0.5, 0.25]))]
        for pid, low, high in specs:
            flags += ["--set", f"{pid}={draw(rng, low, high)!r}"]
        out.append((f"random {i}", flags))
    return out


def compare(binary, label, flags, directory):
    """Worst relative difference over the shared columns, and a list of failures."""
    path = os.path.join(directory, "model.xmile")
    with open(path, "w") as f:
        f.write(flywheel(binary, "xmile", "--integrator", "euler", *flags))
    rows = list(csv.DictReader(io.StringIO(
        flywheel(binary, "run", "--integrator", "euler", "--format", "csv", *flags))))
    weekly = [r for r in rows if abs(float(r["week"]) - round(float(r["week"]))) < 1e-9]
    weeks = len(weekly) - 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pysd.read_xmile(path)
        result = model.run(return_timestamps=np.arange(0, weeks + 1, 1.0), progress=False)
    failures = []
    if len(result) != len(weekly):
        return math.inf, [f"{label}: PySD returned {len(result)} records, Flywheel {len(weekly)}"]
    columns = [c for c in rows[0] if c not in NOT_VARIABLES]
    missing = [c for c in columns if c not in result.columns]
    if missing:
        return math.inf, [f"{label}: not in the XMILE: {', '.join(missing)}"]
    worst = (0.0, "")
    for column in columns:
        ours = np.array([float(r[column]) for r in weekly])
        theirs = result[column].to_numpy(dtype=float)
        scale = max(np.max(np.abs(ours)), np.max(np.abs(theirs)))
        size = np.maximum(np.abs(ours), np.abs(theirs))
        diff = np.abs(ours - theirs)
        allowed = RELATIVE * size + RELATIVE * scale
        if not np.all(np.isfinite(theirs)) or np.any(diff > allowed):
            k = int(np.argmax(np.where(np.isfinite(diff), diff - allowed, np.inf)))
            failures.append(f"{label}: {column} at week {k}: flywheel {float(ours[k])!r}, pysd {float(theirs[k])!r}")
        # The worst relative difference among values well above the floor.
        big = size > scale * 1e-6
        relative = float(np.max(diff[big] / size[big])) if np.any(big) else 0.0
        if relative > worst[0]:
            worst = (relative, column)
    # The upper clamps XMILE cannot state must never bind.
    users_market = result["users_market"].to_numpy(dtype=float)
    for stock, bound in [("users_stock", users_market), ("perceived_service", 1.0),
                         ("perceived_reliability", 1.0)]:
        over = result[stock].to_numpy(dtype=float) - bound
        if np.any(over > 0):
            failures.append(f"{label}: {stock} passes its upper bound by {float(np.max(over))!r}: "
                            "Flywheel's clamp would act where XMILE's cannot")
    return worst, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    started = time.monotonic()
    binary = flywheel_binary()
    failures = []
    worst = (0.0, "", "")
    cases = scenarios(binary, args.random, args.seed)
    with tempfile.TemporaryDirectory() as directory:
        for label, flags in cases:
            (relative, column), failed = compare(binary, label, flags, directory)
            failures += failed
            if relative > worst[0]:
                worst = (relative, column, label)
    # A noisy scenario is refused, not exported without its noise.
    refused = subprocess.run([binary, "xmile", "--noise", "0.2"], capture_output=True, text=True)
    if refused.returncode == 0 or "noise" not in refused.stderr:
        failures.append("flywheel xmile --noise 0.2 was not refused with a message about noise")
    for failure in failures[:40]:
        print("FAIL", failure)
    print(f"{len(cases)} scenarios, worst relative difference {worst[0]:.3g} "
          f"({worst[1]}, {worst[2]}), {time.monotonic() - started:.1f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
