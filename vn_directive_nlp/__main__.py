"""``python -m vn_directive_nlp`` runs the ``vn-directive`` command line."""

from .cli import main

if __name__ == "__main__":
    main()
