"""``python -m evaluation``: parse the corpus, score every gold file, write evaluation/results/."""

import sys

from .run import main

sys.exit(main())
