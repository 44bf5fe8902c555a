import sys

from regalloc.cli import main

sys.exit(main())
