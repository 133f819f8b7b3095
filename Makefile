# The two commands of the README:  make demo   and   make test
.PHONY: install demo test lint

install:
	bash scripts/install.sh

demo: install
	.venv/bin/warledger demo

test: install
	.venv/bin/ruff check warledger tests benchmarks
	.venv/bin/pytest
