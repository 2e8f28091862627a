"""Where things are: the tz database, the offline gazetteer, venues' zones and coordinates.

Importing this package reads no data; each file is read on first use.
"""
