# Convenience targets; the scripts do the work (and install what they need) so they also run without make.
.PHONY: run test bench docs bundle clean
run:
	bash scripts/run $(ARGS)
test:
	bash scripts/test $(ARGS)
bench:
	bash scripts/setup.sh
	.venv/bin/python -m benchmarks.keystroke --json --update-docs
	.venv/bin/python -m benchmarks.lint_speed --json --update-docs
	.venv/bin/python -m benchmarks.compare_sync --json --update-docs
	.venv/bin/python -m benchmarks.queue_load --json --update-docs
bundle:
	bash packaging/build.sh
docs:
	.venv/bin/python -m composer.lint.docs --write docs/rules.md
clean:
	rm -rf .venv build dist *.egg-info .pytest_cache
