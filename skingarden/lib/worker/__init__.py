"""The background worker that survives: django-tasks-db's ``db_worker`` with back-off
through database trouble (command), a lock file per worker that says whether it still
runs (liveness), and the return of tasks a stopped worker left running (recovery)."""
