# Bedside: every entry point a developer or CI needs.
GO        ?= go
WASMEXEC  := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
DATA      ?= ../shared/data
ADDR      ?= 127.0.0.1:8000
# packages whose tests also run under GOOS=js GOARCH=wasm with Node
WASM_PKGS := ./engine/... ./nlp/...

.PHONY: all test vet test-native test-wasm run build train bench bench-wasm fuzz fuzz-nlp clean

all: build

test: vet test-native test-wasm

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (echo "gofmt needed:"; gofmt -l .; exit 1)

test-native:
	$(GO) test -count=1 ./...

test-wasm:
	@if command -v node >/dev/null 2>&1; then \
		GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASMEXEC)" $(WASM_PKGS); \
	else \
		echo "SKIP wasm tests: node not found (install nodejs to run engine/ and nlp/ tests under GOOS=js GOARCH=wasm)"; \
	fi

build:
	@echo "build: no UI yet"

run: build
	@echo "no UI yet: the app lands with the platform issue"

train:
	$(GO) run ./cmd/bedside train -model all -data $(DATA) -out web/models

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./engine/... ./nlp/...

bench-wasm:
	GOOS=js GOARCH=wasm $(GO) test -run '^$$' -bench . -benchmem -exec="$(WASMEXEC)" ./engine/... ./nlp/...

# a short run of every nlp and `bedside context` fuzz target, one at a time
FUZZTIME ?= 30s
fuzz-nlp:
	@for f in FuzzTokenize FuzzSentences FuzzParseVocabulary FuzzSections FuzzAssert FuzzAnalyzeNote; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./nlp || exit 1; done
	@for f in FuzzTSVReader FuzzContextCommand; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./cmd/bedside || exit 1; done

clean:
	rm -rf bin dist artifacts web/*.wasm web/*.wasm.br web/*.wasm.gz
