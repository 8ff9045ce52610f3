from checkers.cli import main

raise SystemExit(main())
