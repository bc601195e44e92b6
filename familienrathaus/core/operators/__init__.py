"""The host's operators: the install's superusers look after its alliances.

- :mod:`.transfer`: one alliance's data as a zip (``manage.py export_alliance``) and back
  into this or another install under new primary keys (``manage.py import_alliance``).
- :mod:`.services`: create, edit, suspend, resume and delete an alliance (deletion
  exports first, in the background, then removes every row and file of the alliance).
- :mod:`.selectors`: each alliance's size and activity, a few grouped queries for all.
- :mod:`.views`: the operators' area ``/betrieb/``, superusers only, on any host.

Migrations need nothing per alliance: all alliances share one database, so one
``manage.py migrate`` migrates them all.
"""
