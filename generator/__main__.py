"""Entry point for `python -m generator`."""

import sys

try:
    from generator.cli import main
except KeyboardInterrupt:  # Ctrl+C while the modules load: nothing has been read or written yet
    print("interrupted before anything was read; nothing was changed.", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
