"""The `cyclescope` command line."""

import argparse
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="cyclescope",
        description="Cyclical LRs, snapshot ensembles and dead-ReLU detection "
        "for Keras 3, shown in TensorBoard.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="train a small CNN on the digits dataset with every callback",
        description="Trains a small CNN on scikit-learn's digits with CyclicLR, "
        "a snapshot ensemble and DeadReluDetector, logging to --logdir.",
    )
    demo.add_argument("--logdir", required=True, help="folder for the TensorBoard logs")
    demo.add_argument("--epochs", type=_positive_int, default=16, help="epochs of the clr and snapshots runs, half as many for the others (default 16)")
    demo.add_argument(
        "--serve",
        action="store_true",
        help="then start TensorBoard on 127.0.0.1 (training is skipped if --logdir already has logs)",
    )
    demo.add_argument("--port", type=int, default=6006, help="TensorBoard port with --serve (0: any free port)")
    args = parser.parse_args(argv)

    if not (args.serve and _has_event_files(args.logdir)):
        from cyclescope.demo.train import train

        train(args.logdir, epochs=args.epochs)
        print(f"\nLogs written to {os.path.abspath(args.logdir)}")
    if not args.serve:
        print(f"View them with:\n  tensorboard --logdir {args.logdir}\nthen open the Cyclescope tab.")
        return 0
    return _serve(args.logdir, args.port)


def _serve(log_dir, port):
    from tensorboard import program

    board = program.TensorBoard()
    board.configure(argv=[None, "--logdir", log_dir, "--host", "127.0.0.1", "--port", str(port)])
    url = board.launch()
    print(f"\nTensorBoard is serving {log_dir}\nCyclescope tab: {url}#cyclescope\n(Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


def _has_event_files(log_dir):
    for _, _, files in os.walk(log_dir):
        if any(name.startswith("events.out.tfevents.") for name in files):
            return True
    return False


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


if __name__ == "__main__":
    sys.exit(main())
