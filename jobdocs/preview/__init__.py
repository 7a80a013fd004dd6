"""The parts of ``jobdocs serve``: the preview's state, its rebuilds, its HTTP side and its pages."""
