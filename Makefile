# Skiff — the two commands of the README: `make up` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
SKIFF_HOME ?= $(CURDIR)/.skiff
export SKIFF_HOME

# The Python packages the tests drive Skiff with: pyzmq (the second-language protocol client)
# and kubernetes (the official client library, against the gateway).
PIP_PACKAGES := pyzmq kubernetes

.PHONY: deps build build-release test up up-compact bench-bus bench-api bench-scheduler bench-dns bench-pods bench-proxy bench-footprint bench-controllers clean

## deps: install what is missing — apt-get when root, otherwise print the exact command.
deps:
	@missing=""; \
	pkg-config --exists libzmq 2>/dev/null || [ -f /usr/include/zmq.h ] || missing="$$missing libzmq3-dev"; \
	[ -f /usr/include/yaml.h ] || missing="$$missing libyaml-dev"; \
	command -v dig >/dev/null || missing="$$missing bind9-dnsutils"; \
	command -v dnsperf >/dev/null || missing="$$missing dnsperf"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v pgrep >/dev/null || missing="$$missing procps"; \
	command -v ip >/dev/null || missing="$$missing iproute2"; \
	command -v setpriv >/dev/null || missing="$$missing util-linux"; \
	[ -x /usr/sbin/nft ] || command -v nft >/dev/null || missing="$$missing nftables"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages; run: sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi
	@python3 -c 'import zmq, kubernetes' 2>/dev/null || { \
	  echo "installing $(PIP_PACKAGES) (for the Python clients the tests run)"; \
	  python3 -m pip install -q $(PIP_PACKAGES) 2>/dev/null || python3 -m pip install -q --break-system-packages $(PIP_PACKAGES) || { \
	    echo "cannot install $(PIP_PACKAGES); run: python3 -m pip install $(PIP_PACKAGES)" >&2; exit 1; }; }

build: deps
	$(SWIFT) build --product skiff
	$(SWIFT) build --product skiff-shim

build-release: deps
	$(SWIFT) build -c release --product skiff
	$(SWIFT) build -c release --product skiff-shim

## test: build everything and run every test (the end-to-end tests start .build/debug/skiff).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## up: build and run what exists of the cluster, in the foreground (see README).
up: build
	@mkdir -p "$(SKIFF_HOME)"
	compose/skiff-compose up

## up-compact: the same cluster in three processes (skiff combine; compose/skiff-compose.compact.yaml).
up-compact: build
	@mkdir -p "$(SKIFF_HOME)"
	compose/skiff-compose -f compose/skiff-compose.compact.yaml up

bench-bus: build-release
	.build/release/skiff bench bus

## bench-api: the API server and gateway, on a store + apiserver + gateway of its own.
bench-api: build-release
	.build/release/skiff bench api --start --skiff-bin .build/release/skiff

## bench-scheduler: pods bound per second on 500 hollow nodes, against a store + apiserver + scheduler of its own.
bench-scheduler: build-release
	.build/release/skiff bench scheduler --skiff-bin .build/release/skiff

## bench-controllers: a Deployment 0 → 5,000 pods, its rolling update and 1,000 Jobs on 200 hollow nodes (hollow kubelet pool in the bench).
bench-controllers: build-release
	.build/release/skiff bench controllers --skiff-bin .build/release/skiff

## bench-dns: dnsperf against skiff dns (release build) for cluster names.
bench-dns: build-release
	.build/release/skiff bench dns --skiff-bin .build/release/skiff

## bench-pods: pod start-up latency (100 sleep pods) and idle RSS of a 2-node cluster of its own.
bench-pods: build-release
	mkdir -p bench/results
	.build/release/skiff bench pods --skiff-bin .build/release/skiff | tee bench/results/pods.json

## bench-proxy: HTTP requests/s and p50/p99 through skiff proxy vs straight to the endpoint (loopback).
bench-proxy: build-release
	mkdir -p bench/results
	.build/release/skiff bench proxy --skiff-bin .build/release/skiff | tee bench/results/proxy.json

## bench-footprint: summed RSS and PSS of every service of an idle 2-node cluster of its own (release build), default and compact layouts.
bench-footprint: build-release
	mkdir -p bench/results
	.build/release/skiff bench footprint --skiff-bin .build/release/skiff | tee bench/results/footprint.json
	.build/release/skiff bench footprint --skiff-bin .build/release/skiff --file compose/skiff-compose.compact.yaml | tee bench/results/footprint-compact.json

clean:
	rm -rf .build
