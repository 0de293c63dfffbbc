# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
DB_NAME ?= service_center
CONF := config/trytond.conf
VENV := .venv
SAO_VERSION := 8.0
SAO := var/sao/package
export TRYTOND_DATABASE__PATH := $(CURDIR)/var/db
export TRYTOND_WEB__ROOT := $(CURDIR)/$(SAO)
export TRYTOND_WEB__LISTEN ?= 127.0.0.1:8000
# The company's serial keys (R-CON-7) live outside the database
export TRYTOND_SERVICE_CONTRACT__SERIAL_KEYS ?= $(CURDIR)/var/keys

.PHONY: run test install sao db clean i18n bench

run: install sao db
	sh tools/serve.sh $(CONF) $(DB_NAME)

test: install sao
	$(VENV)/bin/python tools/runtests.py

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-test.txt constraints.txt addons/*/pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -c constraints.txt \
		-r requirements.txt -r requirements-test.txt
	touch $@

sao: $(SAO)/.installed

$(SAO)/.installed:
	rm -rf var/sao && mkdir -p var/sao
	cd var/sao && npm pack --silent tryton-sao@$(SAO_VERSION) >/dev/null \
		&& tar xzf tryton-sao-*.tgz
	cd $(SAO) && npm install --silent --omit=dev --legacy-peer-deps
	touch $@

db: install
	$(VENV)/bin/python tools/setup_db.py -c $(CONF) -d $(DB_NAME)

clean:
	rm -rf var

# List the strings of MODULE still untranslated in zh_CN; WRITE=1 rewrites
# addons/MODULE/locale/zh_CN.po from the database (run `make db` first).
MODULE ?= service_center
i18n: install
	$(VENV)/bin/python tools/i18n.py -c $(CONF) -d $(DB_NAME) \
		$(if $(WRITE),--write) $(MODULE)

# The SLA benchmark on PostgreSQL (benchmarks/README.md): builds a small and
# a large database (SCALE=1 is 1,000,000 tickets; 0.1 for a quick run), then
# measures.  Needs TRYTOND_DATABASE_URI or PostgreSQL on 127.0.0.1:5432.
SCALE ?= 1
bench: install
	$(VENV)/bin/python -m pip install -q -c constraints.txt \
		-r benchmarks/requirements.txt
	$(VENV)/bin/python benchmarks/sla/bench.py generate --scale 0.01 \
		-d sla_bench_small
	$(VENV)/bin/python benchmarks/sla/bench.py generate --scale $(SCALE) \
		-d sla_bench_large
	$(VENV)/bin/python benchmarks/sla/bench.py run \
		--small sla_bench_small --large sla_bench_large
