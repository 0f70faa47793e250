"""``python -m composer.cli``: the same as the ``composer`` command."""

import sys

from composer.cli import main

sys.exit(main())
