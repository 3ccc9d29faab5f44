"""``python -m matchengine.eval`` runs the O*NET title evaluation."""

from .onet_titles import main

raise SystemExit(main())
