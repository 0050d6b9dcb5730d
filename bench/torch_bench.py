"""PyTorch side of `bin/makemore bench`: trains one model and prints one JSON line.

    /usr/bin/python3 bench/torch_bench.py --model wavenet --style lecture --warmup 5000 --steps 3000 --repeats 3

The run is one seeded trajectory: `warmup` steps, then `repeats` timed blocks of `steps` steps each, at
a constant learning rate of 0.1 with batch 32 and one intra-op thread. It reports steps/s per block, the
loss of the first and of the last step (the cross-check against Java, which replays the same draws), RSS,
and the time of one full-batch evaluation of the training split (--eval-split val for a quick run).

With --runs N it measures N settings trained side by side instead (see side_by_side): N models seeded with
the lecture's seed + i, each drawing its batches from a generator of its own, trained one after another
(--mode sequential) or on N Python threads in this process (--mode threads), against run 0 trained alone.
"""
import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import common  # noqa: E402
import lecture  # noqa: E402
import opmin  # noqa: E402


def report(line):
    print(line, flush=True)


def await_command(expected):
    line = sys.stdin.readline().strip()
    if line != expected:
        raise SystemExit(f"bench driver: expected {expected!r}, got {line!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(lecture.MODELS))
    ap.add_argument("--style", default="lecture", choices=["lecture", "opmin"])
    ap.add_argument("--warmup", type=int, default=5000)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-threads", type=int, default=1)
    ap.add_argument("--eval-split", default="train", choices=["train", "val"])
    ap.add_argument("--driven", action="store_true",
                    help="wait for 'go' on stdin before each timed repeat and for 'finish' before evaluating "
                         "(bin/makemore bench interleaves the repeats of all loops this way)")
    ap.add_argument("--runs", type=int, default=0,
                    help="train N models side by side (each its own seed and generator) instead of one")
    ap.add_argument("--mode", default="threads", choices=["threads", "sequential"],
                    help="with --runs: N Python threads in this process, or one run after another")
    args = ap.parse_args()
    if args.warmup < 1 or args.steps < 1 or args.repeats < 1:
        ap.error("--warmup, --steps and --repeats must be at least 1")
    if args.runs < 0:
        ap.error("--runs must be at least 1")

    torch.set_num_threads(args.threads)
    stoi, tr, va, te = common.load_split(common.names_path())
    block = common.BLOCK[args.model]
    data = {"train": common.windows(tr, stoi, block), "val": common.windows(va, stoi, block)}
    if args.model == "conv":
        data["train_names"] = common.padded_names(tr, stoi)
        data["val_names"] = common.padded_names(va, stoi)
    build = (lecture.MODELS if args.style == "lecture" else opmin.MODELS)[args.model]
    if args.runs:
        side_by_side(args, build, data)
        return
    model = build(data)
    params = sum(p.numel() for p in model.params)

    rss_start = common.rss_mib()
    loss0 = model.step(args.lr)
    _, loss = common.timed_steps(lambda: model.step(args.lr), args.warmup - 1)
    rss_warm = common.rss_mib()
    rates = []
    if args.driven:
        report("READY")
    for _ in range(args.repeats):
        if args.driven:
            await_command("go")
        seconds, loss = common.timed_steps(lambda: model.step(args.lr), args.steps)
        rates.append(args.steps / seconds)
        if args.driven:
            report(f"RATE {rates[-1]}")
    if args.driven:
        await_command("finish")
    rss_end = common.rss_mib()
    peak_train = common.peak_rss_mib()

    torch.set_num_threads(args.eval_threads)
    t0 = time.perf_counter()
    train_loss = model.split_loss(args.eval_split)
    eval_s = time.perf_counter() - t0

    print(json.dumps({
        "side": "pytorch", "style": args.style, "model": args.model, "torch": torch.__version__,
        "params": params, "threads": args.threads, "steps_per_s": rates,
        "steps_total": args.warmup + args.repeats * args.steps,
        "loss_first": loss0, "loss_last": loss,
        "rss_start_mib": rss_start, "rss_warm_mib": rss_warm, "rss_end_mib": rss_end,
        "peak_rss_train_mib": peak_train, "peak_rss_mib": common.peak_rss_mib(), "blas": common.blas_library(),
        "eval_split": args.eval_split, "eval_s_%dt" % args.eval_threads: eval_s, "eval_loss": train_loss,
    }))


def side_by_side(args, build, data):
    """N runs of one model, seeds the lecture's + i, built one after the other before any training, each
    drawing its batches from a torch.Generator that continues the global stream where its initialisation
    left it (the batches it would draw alone). Run 0 warms up alone, then all N together; each timed repeat
    trains run 0 alone for --steps steps (one after another, N settings train at this rate), then all N
    runs --steps steps each, on N threads or one after another (--mode). The aggregate steps/s is N * steps
    over the wall time of the second phase."""
    rss_start = common.rss_mib()
    models, rss_built = [], []
    for i in range(args.runs):
        lecture.SEED_OFFSET = i
        m = build(data)
        m.gen = torch.Generator()
        m.gen.set_state(torch.get_rng_state())
        models.append(m)
        rss_built.append(common.rss_mib())
    lecture.SEED_OFFSET = 0
    losses = [None] * args.runs

    def train(i, n):
        """Trains run i n more steps on this thread: (seconds, share on a core, share waiting for one)."""
        m = models[i]
        before = common.schedstat()
        t0 = time.perf_counter()
        for _ in range(n):
            losses[i] = m.step(args.lr)
        seconds = time.perf_counter() - t0
        after = common.schedstat()
        return (seconds,) + tuple((a - b) / 1e9 / seconds if b >= 0 else float("nan") for a, b in zip(after, before))

    pool = None
    if args.mode == "threads" and args.runs > 1:
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=args.runs)

    def together(n):
        """Returns (wall seconds, [train()'s result for each run])."""
        t0 = time.perf_counter()
        if pool is None:
            seconds = [train(i, n) for i in range(args.runs)]
        else:
            gate = threading.Barrier(args.runs + 1)

            def work(i):
                gate.wait()
                return train(i, n)
            futures = [pool.submit(work, i) for i in range(args.runs)]
            gate.wait()
            t0 = time.perf_counter()
            seconds = [f.result() for f in futures]
        return time.perf_counter() - t0, seconds

    train(0, args.warmup)
    rss_one_warm = common.rss_mib()
    together(args.warmup)
    rss_all_warm = common.rss_mib()
    one, agg, per_run, on_cpu, waiting = [], [], [], [], []
    if args.driven:
        report("READY")
    for _ in range(args.repeats):
        if args.driven:
            await_command("go")
        alone = train(0, args.steps)
        one.append(args.steps / alone[0])
        wall, runs = together(args.steps)
        agg.append(args.runs * args.steps / wall)
        per_run.append([args.steps / r[0] for r in runs])
        on_cpu.append([alone[1]] + [r[1] for r in runs])
        waiting.append([alone[2]] + [r[2] for r in runs])
        if args.driven:
            report(f"RATE {agg[-1]}")
    if args.driven:
        await_command("finish")
    if pool is not None:
        pool.shutdown()
    print(json.dumps({
        "side": "pytorch", "style": args.style, "model": args.model, "torch": torch.__version__,
        "mode": args.mode, "runs": args.runs, "threads": args.threads,
        "params": sum(p.numel() for p in models[0].params),
        "steps_per_s": one, "agg_steps_per_s": agg, "run_steps_per_s": per_run,
        "on_cpu": on_cpu, "waiting_for_cpu": waiting,
        "steps_total": 2 * args.warmup + 2 * args.repeats * args.steps, "loss_last": losses,
        "rss_start_mib": rss_start, "rss_built_mib": rss_built, "rss_one_warm_mib": rss_one_warm,
        "rss_all_warm_mib": rss_all_warm, "rss_end_mib": common.rss_mib(), "peak_rss_mib": common.peak_rss_mib(),
    }))


if __name__ == "__main__":
    main()
