"""What the hardening scenarios share: the command line naming the running server, and its memory as
/proc reports it."""
import argparse


def status_kb(pid, field):
    """A /proc/PID/status figure in kB (VmRSS, VmHWM, ...); 0 when the field is missing."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def scenario_arguments(description):
    """A parser that already takes the server's --port and --pid; a scenario adds its own options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    return parser
