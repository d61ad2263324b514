# Bedside: every entry point a developer or CI needs.
GO        ?= go
# Go's go_js_wasm_exec plus web/simd.js, which programs linking engine/simd
# need to instantiate (BEDSIDE_SIMD=off runs them on the pure-Go path)
WASMEXEC  := $(CURDIR)/engine/simd/node/go_js_wasm_exec
DATA      ?= ../shared/data
ADDR      ?= 127.0.0.1:8000
# packages whose tests also run under GOOS=js GOARCH=wasm with Node
WASM_PKGS := ./engine/... ./nlp/... ./fhir ./app/platform

.PHONY: all test vet test-native test-wasm test-pipeline pipeline-example run build export budgets wasm-sizes train bench bench-wasm bench-browser fuzz fuzz-models fuzz-nlp fuzz-app clean

all: build

test: vet test-native test-wasm test-pipeline

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (echo "gofmt needed:"; gofmt -l .; exit 1)

test-native:
	$(GO) test -count=1 -timeout 25m ./...

test-wasm:
	@if command -v node >/dev/null 2>&1; then \
		GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASMEXEC)" $(WASM_PKGS); \
	else \
		echo "SKIP wasm tests: node not found (install nodejs to run engine/ and nlp/ tests under GOOS=js GOARCH=wasm)"; \
	fi

# The Beam pipeline (cmd/pipeline) is its own module, so that Beam's
# dependencies never reach the app, the worker or bedside; the root's ./...
# does not include it, hence its own build, vet, gofmt and tests. The first
# run downloads Beam's modules through the module proxy.
PIPELINE := cmd/pipeline
test-pipeline:
	cd $(PIPELINE) && $(GO) build ./... && $(GO) vet ./...
	@test -z "$$(gofmt -l $(PIPELINE))" || (echo "gofmt needed:"; gofmt -l $(PIPELINE); exit 1)
	cd $(PIPELINE) && $(GO) test -count=1 ./...

# The pipeline on prism over 200 mtsamples notes (made at run time, never
# committed): predictions and errors land in artifacts/pipeline/out.
pipeline-example:
	mkdir -p artifacts/pipeline
	cd $(PIPELINE) && $(GO) run ./mkcorpus -in $(abspath $(DATA))/mtsamples/train.csv -n 200 -out $(abspath artifacts/pipeline/notes.jsonl)
	cd $(PIPELINE) && $(GO) build -o $(abspath bin/pipeline) .
	bin/pipeline --input artifacts/pipeline/notes.jsonl --model specialty,notes --models web/models --output artifacts/pipeline/out/pred
	wc -l artifacts/pipeline/out/*

# The wasm builds, as shipped and as the browser tests load them: small and
# reproducible (-trimpath, no symbol tables), the app against a copy of go-app
# without its server code (app/wasmbuild says why). A file is replaced only
# when its bytes change, so precompression (brotli 11, slow) reruns only for
# what changed.
build:
	$(GO) build -o bin/bedside ./cmd/bedside
	bin/bedside wasm -o web/app.wasm app
	bin/bedside wasm -o web/worker.wasm worker
	bin/bedside precompress web

# what each byte of the two binaries is: code by Go package, and data
wasm-sizes:
	$(GO) run ./cmd/bedside wasm -sizes app
	$(GO) run ./cmd/bedside wasm -sizes worker

run: build
	bin/bedside serve -addr $(ADDR)

export: build
	bin/bedside export dist

# Bytes per file, first-visit total, load and inference times in real
# Chromium against the shipped build (not a test: numbers for the report).
budgets: build
	BEDSIDE_BUDGETS=1 $(GO) test -count=1 -v -run 'TestBudgets|TestFirstVisitSlowNetwork' ./app/browsertest

train:
	$(GO) run ./cmd/bedside train -model all -data $(DATA) -out web/models

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./engine/... ./nlp/...

bench-wasm:
	GOOS=js GOARCH=wasm $(GO) test -run '^$$' -bench . -benchmem -exec="$(WASMEXEC)" ./engine/... ./nlp/...

# a short run of every nlp and `bedside context` fuzz target, one at a time
FUZZTIME ?= 30s
fuzz-nlp:
	@for f in FuzzTokenize FuzzSentences FuzzParseVocabulary FuzzSections FuzzAssert FuzzAnalyzeNote FuzzAnalyzeNoteChinese FuzzAssertChinese FuzzLanguage FuzzExtract; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./nlp || exit 1; done
	@for f in FuzzTSVReader FuzzContextCommand; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./cmd/bedside || exit 1; done

# a short run of every weights-loader and input fuzz target. -fuzzminimizetime
# is one execution: minimising a 300 KB seeded weights file otherwise takes
# the whole budget and the fuzzer explores nothing.
fuzz-models:
	@for t in "FuzzDecode ./engine/safetensors" "FuzzLoad ./engine" "FuzzLoad ./engine/clinical/risk" \
		"FuzzLoad ./engine/clinical/textmodel" "FuzzPredict ./engine/clinical/textmodel" \
		"FuzzParseJSON ./engine/clinical/task" "FuzzParseJSONMatchesEncodingJSON ./engine/clinical/task" \
		"FuzzRead ./engine/clinical/task" "FuzzShapes ./engine/simd" "FuzzSum256 ./engine/clinical"; do \
		set -- $$t; $(GO) test -run '^$$' -fuzz "^$$1$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x -parallel 1 $$2 || exit 1; done

# a short run of the other parsers and codecs: the pattern matcher against
# regexp, the worker's note parts, the page's decoders, FHIR, the wasm size
# reader and shrinker
fuzz-app:
	@for t in "FuzzSameAsRegexp ./nlp/rx/rxgen" "FuzzSplitFindings ./cmd/worker" "FuzzDecodeNoteContext ./app/ui" \
		"FuzzDecodeTextPrediction ./app/ui" "FuzzBundle ./fhir" "FuzzPlainNumber ./fhir" "FuzzSum1 ./fhir" \
		"FuzzReadSizes ./app/wasmbuild" "FuzzShrink ./app/wasmbuild"; do \
		set -- $$t; $(GO) test -run '^$$' -fuzz "^$$1$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 $$2 || exit 1; done

fuzz: fuzz-nlp fuzz-models fuzz-app

# Bedside against TensorFlow.js and ONNX Runtime Web in headless Chromium
# (not part of make test; about ten minutes). Peers come from npm with the
# committed lockfile; results land in artifacts/benchbrowser and README.md.
BENCHJS := cmd/benchbrowser/js
bench-browser:
	cd $(BENCHJS) && npm ci --no-audit --no-fund --ignore-scripts
	$(GO) run ./cmd/benchbrowser -out artifacts/benchbrowser -weights web/models -readme README.md $(BENCHFLAGS)

clean:
	rm -rf bin dist artifacts web/*.wasm web/*.wasm.br web/*.wasm.gz
	find web -name "*.br" -delete -o -name "*.gz" -delete
