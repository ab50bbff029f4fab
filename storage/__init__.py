"""Where calls live: a SQL database (SQLite under the data folder by default, Postgres by ``DATABASE_URL``).

    database     the engine, the migrations, and what a storage fault means to the person who hit it
    schema       the tables (SQLAlchemy 2, typed)
    repository   the one object that writes and reads call data
    queries      aggregations for the dashboards, done in SQL
    importer     one-time import of the older ``calls/*.json`` records
"""
