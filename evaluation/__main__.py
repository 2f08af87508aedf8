"""``python -m evaluation`` from a checkout: the same as ``python -m vn_directive_nlp.evaluation``."""

import sys

from vn_directive_nlp.evaluation.run import main

sys.exit(main())
