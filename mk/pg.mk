# mk/pg.mk — the PostgreSQL backend (src/db/pg.c through libpq) and the suites that run
# against a real PostgreSQL 15 server, included by the Makefile.
#
#   make unit-pg     the storage unit tests against PostgreSQL (tests/unit/test_db.c, test_pg.c,
#                    test_vis.c, test_registry.c)
#   make api-pg      the API suite (tests/api) against PostgreSQL: a fresh database per server
#   make cluster     two nodes behind haproxy on one PostgreSQL (tests/cluster)
#   make pg-suites   all three under one PostgreSQL server (`make check` runs them one by one)
#
# scripts/with-pg.sh installs Debian's postgresql when missing, starts a throwaway server in a
# temporary directory on a free loopback port (as the postgres user when run as root), runs the
# command with KEZHUAN_TEST_PG set to its URL, and stops it.

PKGS += libpq
EMBEDDED += $(wildcard db/postgresql/*.sql)
WITH_PG := bash scripts/with-pg.sh
PG_UNIT := build/tests/test_db build/tests/test_pg build/tests/test_vis build/tests/test_registry

.PHONY: unit-pg api-pg cluster pg-suites

unit-pg: $(PG_UNIT)
	@$(WITH_PG) bash -c 'set -e; for t in $(PG_UNIT); do echo "== $$t (postgresql)"; $$t; done'

api-pg: build/kezhuan build/.deps-check
	$(WITH_PG) env KEZHUAN_TEST_DB=pg KEZHUAN_BIN=$(CURDIR)/build/kezhuan \
	    node --test --test-concurrency=1 tests/api/

cluster: build/kezhuan build/.deps-check
	$(WITH_PG) env KEZHUAN_BIN=$(CURDIR)/build/kezhuan node --test --test-concurrency=1 tests/cluster/

pg-suites: $(PG_UNIT) build/kezhuan build/.deps-check
	$(WITH_PG) bash -c 'set -e; \
	    for t in $(PG_UNIT); do echo "== $$t (postgresql)"; $$t; done; \
	    KEZHUAN_TEST_DB=pg KEZHUAN_BIN=$(CURDIR)/build/kezhuan node --test --test-concurrency=1 tests/api/; \
	    KEZHUAN_BIN=$(CURDIR)/build/kezhuan node --test --test-concurrency=1 tests/cluster/'
