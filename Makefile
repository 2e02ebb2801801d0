# Mutual: `make run` builds and opens the app, `make test` runs every test.
# Both install what a fresh Debian/Ubuntu machine is missing first.

export CGO_ENABLED := 1
GO        ?= go
BIN       := bin/mutual
DEB_PKGS  := libgl1-mesa-dev xorg-dev iproute2 iptables
# The race detector multiplies memory and time; -p 2 matches the 2-core CI machine.
TEST_FLAGS ?= -race -count=1 -timeout 40m
# Tests, benchmarks and screenshots run real nodes and the real binary: they
# never announce anything on the LAN or ask the router for a port.
QUIET_NET := MUTUAL_MDNS=off MUTUAL_INTERNET=off MUTUAL_PORTMAP=off

.PHONY: run build test deps sysdeps vet bench fuzz screenshots clean

run: build
	./$(BIN)

build: deps
	$(GO) build -o $(BIN) .

deps: sysdeps
	$(GO) mod download

# sysdeps installs the C headers Fyne's OpenGL driver needs, when missing.
sysdeps:
	@.ci/sysdeps

vet: deps
	$(GO) vet ./...

test: vet
	$(QUIET_NET) $(GO) test $(TEST_FLAGS) ./...

bench: deps
	$(QUIET_NET) $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

# Long fuzzing runs (short versions run in `make test` from the seed corpus).
FUZZTIME ?= 5m
fuzz: deps
	$(GO) test ./crdt -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME)
	$(GO) test ./sync/protocol -run '^$$' -fuzz FuzzFrames -fuzztime $(FUZZTIME)

# PNGs of each main screen, on the demo co-op, into docs/screenshots/ (Xvfb).
screenshots: deps
	.ci/screenshots.sh

clean:
	rm -rf bin
