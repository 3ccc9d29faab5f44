"""``python -m matchengine.bench``"""

from .run import main

raise SystemExit(main())
