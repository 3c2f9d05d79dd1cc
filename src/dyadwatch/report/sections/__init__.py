"""The report's sections, one module per topic.

Every module here has one public function::

    def sections(study) -> list[Section]

``study`` is the :class:`dyadwatch.study.Study` of the report's dyad (the store opened once,
results computed once and cached); sections that do not depend on the dyad (risk, threats,
trust, neighbours) ignore it. A section's summary is generated from the numbers, and every
figure's caption names its data source and method. Figures come from :mod:`dyadwatch.plots`.
"""
