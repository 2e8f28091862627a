"""What changed between two versions of a tour, and who can see it (``tourctl diff``).

``facts`` turns what one audience sees (a view, or a calendar file) into plain
facts per item; ``compare`` finds the changes between two such versions;
``diff`` does it for every audience and feed of two plans; ``words`` says each
change for people. ``export`` and ``publish`` use the same comparison to say
what they changed.
"""
