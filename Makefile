# The two commands of this project (see README.md):
#   make demo   set up, then run the main job on the bundled example vendors
#   make test   set up, then run the whole test suite
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test schemas bench screenshots clean legal-basis

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

demo: setup
	bash scripts/demo.sh

test: setup
	$(BIN)/python -m pytest

schemas: setup
	$(BIN)/compliance schema --write schemas

bench: setup
	$(BIN)/python benchmarks/run_all.py

screenshots: setup
	PORTAL_SCREENSHOTS=docs/img $(BIN)/python -m pytest -n0 -q tests/test_portal_browser.py

clean:
	rm -rf $(VENV) build dist *.egg-info output/*/

legal-basis: setup
	$(BIN)/compliance rules legal-basis -o docs/legal-basis.md
