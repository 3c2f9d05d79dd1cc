"""Figures: plotly charts built from results (presentation only).

One module per topic (``plots.cycle``, ``plots.risk``, ...). A function here takes a result
object or a frame and returns a ``plotly.graph_objects.Figure``; it computes nothing that a
reader could not get from the result itself. Nothing below this package (the study layer, the
measures, the cycle, the claims, the models, the store) imports plotly: the import-layer
contract in ``pyproject.toml`` says so and CI checks it.
"""
