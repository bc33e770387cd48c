# execsim — see README.md. `make demo` and `make test` are all a fresh clone needs.
GO      ?= go
BIN     := bin/execsim
PKGS    := ./...
DEMO    ?= builtin:spike

.PHONY: build test demo bench golden lint validate check clean fleet-memory

# -buildvcs=auto stamps the commit into execsim --version and summary.json
# where git can tell it (this environment may set GOFLAGS=-buildvcs=false).
build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/execsim

# The whole suite CI runs: formatting, vet, and every test in -short mode
# (long statistical validations are skipped; `make validate` runs them).
# The timeout is above go test's 10-minute default: on a quiet 2-core machine
# the slowest package takes about a minute, but on a loaded runner the
# built-in goldens (fleet-500 among them) took 10 of 30 minutes, and a
# timeout there says nothing about the code.
test: lint
	$(GO) test -short -count=1 -timeout 30m $(PKGS)

# Builds the binary and runs a built-in scenario, printing its summary.
demo: build
	./$(BIN) scenarios
	@echo
	./$(BIN) run $(DEMO) --out out/demo

# Kernel, distribution, workload and whole-scenario benchmarks.
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# Rewrites golden files; review them with git diff before committing.
golden:
	$(GO) test ./scenarios -run 'TestGolden|TestBuiltinGoldens' -update

# Peak memory of a generated fleet of 10,000 services through both platforms
# (issue 9; BENCHMARKS.md): the scenario is written by TestFleetMemory.
fleet-memory: build
	mkdir -p out
	$(GO) test ./scenarios -run TestFleetMemory -count=1 -fleet.yaml $(CURDIR)/out/fleet-10000.yaml
	/usr/bin/time -v ./$(BIN) run --json out/fleet-10000.yaml > /dev/null

lint:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# Every test at full length, the statistical checks against closed forms and
# published results included; the checks' results become VALIDATION.md.
validate:
	rm -rf .validation
	EXECSIM_VALIDATION=$(CURDIR)/.validation $(GO) test -count=1 -timeout 30m $(PKGS)
	$(GO) run ./internal/validation/render .validation > VALIDATION.md.tmp
	mv VALIDATION.md.tmp VALIDATION.md
	rm -rf .validation

check: test validate

clean:
	rm -rf bin out
