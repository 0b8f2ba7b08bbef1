"""The kit as a static website: every lesson executed at build time, readable and interactive with no kernel.

``python -m calfkit.site`` (``make site``) builds ``build/site/``:

* one page per lesson in ``notebooks/``, executed at build time (nbclient), its prose,
  code and text outputs, every figure an interactive plotly figure, and every explorer
  whose controls have few enough combinations working in the page from views computed
  ahead over the controls' steps (:mod:`calfkit.site.precompute`);
* the self-check quizzes working in the page from the same banks (``data/quizzes``);
* the run simulator page (:data:`calfkit.site.build.SIMULATOR`), computed ahead;
* the teacher's pack (:mod:`calfkit.pack`);
* launch buttons on every page (Binder JupyterLab, Binder Voilà, a JupyterHub
  nbgitpuller link whose hub address the teacher sets).

plotly.js is copied from the installed plotly package; no page loads anything from
another machine. The site's own scripts and styles are ``.js``/``.css`` files in
``calfkit/site/assets``. Nothing here is imported by ``import calfkit``.
"""
