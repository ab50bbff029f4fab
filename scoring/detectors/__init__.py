"""Code detectors: one pure function per criterion (or generic family), call context in, finding out.

Each module registers its detectors with :func:`scoring.detectors.base.detector`; importing them here
fills :data:`DETECTORS`, the one registry the scorer reads. The names a rubric may use are
:class:`scoring.rubric.DetectorName`; a test keeps the two equal.
"""

from scoring.detectors import discovery, generic, handling, language, opening, outcome
from scoring.detectors.base import REGISTRY as DETECTORS
from scoring.detectors.base import Detector, Finding, Verdict

__all__ = ["DETECTORS", "Detector", "Finding", "Verdict", "discovery", "generic", "handling", "language", "opening",
           "outcome"]
