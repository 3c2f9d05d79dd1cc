"""The study layer: one dyad (or one series), the store opened once, every result computed once.

A :class:`Study` sits between the store and the pure computations. It opens the store the first
time something needs it, queries the dyad's events once, and computes each result (the
relations index, the stages, the stage now, the forecast, the per-administration table, the
landmarks test, the structure test, UN vote alignment) the first time it is asked for, then
keeps it::

    >>> import dyadwatch as dw
    >>> study = dw.Study("USA-RUS")
    >>> study.stages.segments[0].stage, str(study.stages.segments[0].start)
    ('euphoria', '1991-12')
    >>> from dyadwatch.stagenames import STAGES
    >>> study.now.stage in STAGES                        # the stage of the newest month
    True
    >>> type(study.stages.plot()).__name__              # a plotly figure
    'Figure'

In Jupyter, ``study.stages`` on its own shows the stages as a table.

The command line, the web app and the report talk only to this layer (and the public API built
on it): the report gives one Study to all its sections, the web app keeps one Study per dyad.
:meth:`Study.from_series` studies a series you bring (a ``period,value`` CSV or a pandas
series with a PeriodIndex) instead of a dyad's index.

Every core function it calls takes data, not places (``detect_stages(series, observations)``,
``build_index(events, ...)``): the Study is the only code that knows where the data live.
"""

from dyadwatch.study.core import SOURCE_CHOICES, Study

__all__ = ["Study", "SOURCE_CHOICES"]
