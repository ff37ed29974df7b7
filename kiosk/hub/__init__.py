"""Several desks on one event: one laptop is the hub (a PostgreSQL server behind a TLS
endpoint), the others join it with a code they scan."""
