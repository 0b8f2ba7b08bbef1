"""calfkit's models: pure functions, numbers in and numbers out.

Educational model, not medical advice.

The model layer sits between the data (``calfkit.data``) and the figures
(``calfkit.figures``); it imports numpy and pandas, never plotly or
ipywidgets. Modules, one job each:

``parameters``
    :func:`~calfkit.models.parameters.param`: one typed row of
    ``data/model_parameters.csv`` (value, range, grade, sources).
``training``
    :func:`~calfkit.models.training.training_load`: weekly distance, ACWR,
    single-run spike and the performance-management chart.
``doms``
    :func:`~calfkit.models.doms.doms_curve` and
    :func:`~calfkit.models.doms.doms_summary`: soreness over the hours after
    a session.
``fluid``
    :func:`~calfkit.models.fluid.fluid_loss`: body-mass loss from sweating and
    drinking.
``risk``
    :func:`~calfkit.models.risk.soreness_risk`: relative risk against a
    reference runner, per factor.
``log_risk``
    :func:`~calfkit.models.log_risk.weekly_risk`: the risk model applied to
    every week of a training log.

The public names are re-exported lazily by ``calfkit`` itself
(``calfkit.training_load`` etc.); importing this package imports none of the
modules above.
"""
