"""Demo data: a realistic, fictional AI-academy program built from one seed.

``plan`` generates the program as plain data (pure, deterministic), ``builder`` writes it
idempotently, ``report`` formats the summary; ``manage.py seed_demo`` ties them together.
Not a Django app: it has no models.
"""
