"""matchengine: the pure-Python matching engine of careerhub (no Django, no careerhub imports)."""
