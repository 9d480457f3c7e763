import sys

from cyclescope.demo.cli import main

sys.exit(main())
