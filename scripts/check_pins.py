"""Fail when an installed package differs from its exact pin in requirements.txt (pip may quietly
pick an older release to satisfy another package's bound)."""

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#;]+)")


def main() -> int:
    problems = []
    for line in Path(__file__).resolve().parent.parent.joinpath("requirements.txt").read_text().splitlines():
        match = PIN.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("#"):
                problems.append(f"not an exact pin: {line.strip()}")
            continue
        name, wanted = re.sub(r"\[.*\]", "", match[1]), match[2]
        try:
            got = version(name)
        except PackageNotFoundError:
            problems.append(f"{name}: not installed (wanted {wanted})")
            continue
        if got != wanted:
            problems.append(f"{name}: installed {got}, pinned {wanted}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("all pins installed exactly")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
