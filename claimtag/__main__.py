"""``python -m claimtag``: the command-line interface."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m claimtag")
