"""Publishing: the tour's feeds, written to a static site or uploaded to a CalDAV server.

``feeds`` makes the feeds of SPEC.md's table from a valid plan (each the same
calendar ``export`` writes for that audience and scope), ``keys`` derives the
unguessable paths of the non-public ones, ``site`` writes a static folder
with the public page (``page``), and ``caldav`` keeps one collection per feed
on a CalDAV server in step with the plan.
"""
