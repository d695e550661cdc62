"""Indexes the register search needs at district scale (~110,000 units).

Database-only (``RunSQL`` without state changes): the model state is untouched,
so ``makemigrations`` stays quiet; both SQLite and PostgreSQL support partial
indexes and ``IF NOT EXISTS``.

* ``register_unitname_former_idx``: the search matches a name fragment against
  the units' *former* names too; this partial index holds only closed names
  (``valid_to IS NOT NULL``), so that subquery reads a handful of rows instead
  of scanning every name.
* ``register_unit_kind_idx``: counts per unit kind over a whole scope.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS register_unitname_former_idx "
                "ON register_unitname (unit_id) WHERE valid_to IS NOT NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS register_unitname_former_idx",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS register_unit_kind_idx "
                "ON register_unit (kind)"
            ),
            reverse_sql="DROP INDEX IF EXISTS register_unit_kind_idx",
        ),
    ]
