"""tourctl's benchmark: synthetic plans, whole-process and in-process timings, the peer tool.

Run it with ``bench/run`` (creates an isolated environment in ``bench/.work/``)
or, inside an environment that has tourctl and yaml2ics, ``python -m bench``.
It writes the tables in ``docs/performance.md``.
"""
