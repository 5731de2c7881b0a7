#!/usr/bin/env python
from simpul.__main__ import main

if __name__ == "__main__":
    main()
