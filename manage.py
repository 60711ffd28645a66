#!/usr/bin/env python
"""Equivalent to the ``commonground`` console script."""

from commonground.__main__ import main

if __name__ == "__main__":
    main()
