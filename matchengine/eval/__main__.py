"""``python -m matchengine.eval [classifier|onet] [options]``.

- ``classifier``: the role classifier on the labelled Korean postings (cross-validated) and
  on held-out O*NET titles, beside the baseline (:mod:`matchengine.eval.classifier`);
- ``onet`` (the default): the O*NET title TF-IDF 1-NN evaluation
  (:mod:`matchengine.eval.onet_titles`).
"""

import sys

from . import classifier, onet_titles

args = sys.argv[1:]
if args and args[0] == "classifier":
    raise SystemExit(classifier.main(args[1:]))
if args and args[0] == "onet":
    args = args[1:]
raise SystemExit(onet_titles.main(args))
