from tfe.cli import main

raise SystemExit(main())
