// Command benchbrowser is `make bench-browser`: it runs Bedside's engine
// (compiled to wasm, on the main thread and in a Web Worker) side by side
// with TensorFlow.js (wasm backend) and ONNX Runtime Web (wasm) in headless
// Chromium, on the same models with the same weights, after checking that
// every engine gives the same logits (within 1e-4) as the native Go
// engine. It writes results.json and results.md into -out and, with
// -readme, puts the table into README.md between markers.
//
// The peers come from npm (cmd/benchbrowser/js, installed with npm ci from
// the committed lockfile) and are served locally with the models, the
// harness (site/) and the bench wasm (wasm/) by a loopback server that
// sets COOP/COEP, so pages are cross-origin isolated.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type options struct {
	out, js, modelsDir, chromium string
	runs, warmup                 int
	models, configs              string
	readme                       string
	keepGoing                    bool
	budget                       time.Duration
	from                         string
}

func main() {
	var o options
	flag.StringVar(&o.out, "out", "artifacts/benchbrowser", "output directory (site, results.json, results.md)")
	flag.StringVar(&o.js, "js", "cmd/benchbrowser/js", "directory holding node_modules with the peers")
	flag.StringVar(&o.modelsDir, "weights", "web/models", "directory with the trained wdbc and symptom weights")
	flag.StringVar(&o.chromium, "chromium", "/usr/bin/chromium", "Chromium binary")
	flag.IntVar(&o.runs, "runs", 1000, "timed samples per engine and model")
	flag.IntVar(&o.warmup, "warmup", 50, "warm-up runs before timing")
	flag.StringVar(&o.models, "models", "wdbc,symptom,large", "models to run")
	flag.StringVar(&o.configs, "engines", "bedside,bedside-worker,bedside-funcof,tfjs,tfjs-mt,ort,ort-mt", "engine configurations to run (bedside-funcof runs on the MLP only)")
	flag.StringVar(&o.readme, "readme", "", "README.md to update with the table (empty: leave it)")
	flag.DurationVar(&o.budget, "budget", 20*time.Second, "time budget of one latency measurement in the browser (at least 20 samples are taken)")
	flag.BoolVar(&o.keepGoing, "keep-going", false, "measure engines whose outputs disagree instead of stopping")
	flag.StringVar(&o.from, "from", "", "re-render results.md (and -readme) from this results.json instead of running")
	flag.Parse()
	if o.from != "" {
		if err := rerender(o); err != nil {
			fmt.Fprintln(os.Stderr, "bench-browser:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench-browser:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	start := time.Now()
	if _, err := os.Stat(filepath.Join(o.js, "node_modules", "onnxruntime-web")); err != nil {
		return fmt.Errorf("peers not installed: run npm ci in %s (make bench-browser does)", o.js)
	}
	if _, err := os.Stat(o.chromium); err != nil {
		return fmt.Errorf("chromium not found at %s (apt-get install -y chromium)", o.chromium)
	}
	site := filepath.Join(o.out, "site")
	for _, d := range []string{"bedside", "models"} {
		if err := os.MkdirAll(filepath.Join(site, d), 0o755); err != nil {
			return err
		}
	}
	// The bench wasm: engine only, built like a release (-trimpath -s -w).
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(site, "bedside", "bench.wasm"), "./cmd/benchbrowser/wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build bench wasm: %w", err)
	}
	wasmExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(site, "bedside", "wasm_exec.js"), wasmExec, 0o644); err != nil {
		return err
	}
	// The loader shim of engine/simd's kernels, without which bench.wasm
	// does not instantiate.
	shim, err := os.ReadFile(filepath.Join("web", "simd.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(site, "bedside", "simd.js"), shim, 0o644); err != nil {
		return err
	}

	models, err := loadModels(o.modelsDir, strings.Split(o.models, ","))
	if err != nil {
		return err
	}
	var configs []engineConfig
	for _, id := range strings.Split(o.configs, ",") {
		found := false
		for _, c := range allConfigs {
			if c.ID == id {
				configs = append(configs, c)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("unknown engine configuration %q", id)
		}
	}

	rep := &report{Date: time.Now().UTC().Format(time.RFC3339), Machine: machine(), Go: runtime.Version(),
		Runs: o.runs, Warmup: o.warmup, Configs: configs, LoadStart: loadavg()}
	refs := map[string][][]float32{}
	for _, m := range models {
		if err := writeModel(site, m); err != nil {
			return err
		}
		r, err := newRunner(m)
		if err != nil {
			return fmt.Errorf("%s: native: %w", m.Name, err)
		}
		if refs[m.Name], err = r.reference(); err != nil {
			return err
		}
		lat, tp, err := r.native(o.runs, o.warmup, 200*time.Microsecond)
		if err != nil {
			return err
		}
		rep.Models = append(rep.Models, m)
		rep.Results = append(rep.Results, &result{Model: m.Name, Config: "native", Label: "Bedside, native Go (" + runtime.GOARCH + ")",
			Threads: 1, Latency: &lat, Throughput: &tp, CPUPerRunMS: lat.cpuPerRunMS, CPUPerExampleMS: tp.cpuPerExampleMS})
		fmt.Fprintf(os.Stderr, "%-8s %-15s p50 %.4f ms  batch32 %.0f ex/s\n", m.Name, "native", lat.P50, tp.ExamplesPerSecond)
	}

	nm := filepath.Join(o.js, "node_modules")
	srv := newServer(map[string][]string{
		"/vendor/tfjs/": {filepath.Join(nm, "@tensorflow/tfjs-core/dist"), filepath.Join(nm, "@tensorflow/tfjs-backend-wasm/dist")},
		"/vendor/ort/":  {filepath.Join(nm, "onnxruntime-web/dist")},
		"/bedside/":     {filepath.Join(site, "bedside")},
		"/models/":      {filepath.Join(site, "models")},
	}, filepath.Join(o.out, "brcache"))
	// Compress before measuring, so that no cold start waits on the server.
	warm := []string{"/bedside/bench.wasm", "/bedside/wasm_exec.js", "/bedside/simd.js",
		"/vendor/tfjs/tf-core.min.js", "/vendor/tfjs/tf-backend-wasm.min.js", "/vendor/tfjs/tfjs-backend-wasm-simd.wasm",
		"/vendor/tfjs/tfjs-backend-wasm-threaded-simd.wasm", "/vendor/tfjs/tfjs-backend-wasm.wasm",
		"/vendor/ort/ort.wasm.min.js", "/vendor/ort/ort-wasm-simd-threaded.mjs", "/vendor/ort/ort-wasm-simd-threaded.wasm"}
	for _, m := range models {
		warm = append(warm, "/models/"+m.Name+".safetensors", "/models/"+m.Name+".onnx")
	}
	for _, p := range warm {
		raw, err := srv.read(p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		srv.compressed(p, raw)
	}
	base, stop, err := srv.listen()
	if err != nil {
		return err
	}
	defer stop()

	ctx := context.Background()
	var failures []string
	for _, m := range models {
		for _, cfg := range configs {
			if cfg.ID == "bedside-funcof" && m.Kind != "mlp" {
				continue // the boundary only matters where the model is tiny
			}
			check := func(p *pageResult) error { return parity(p, refs[m.Name]) }
			br, err := visit(ctx, srv, base, cfg, m, o, check)
			if err != nil {
				msg := fmt.Sprintf("%s on %s: %v", cfg.ID, m.Name, err)
				if !o.keepGoing || br == nil {
					return fmt.Errorf("%s\n(no numbers are reported for engines that disagree or fail)", msg)
				}
				failures = append(failures, msg)
				continue
			}
			res := summarise(cfg, m, br, refs[m.Name])
			rep.Results = append(rep.Results, res)
			if rep.Browser == "" {
				rep.Browser = browserVersion(br.Cold.UserAgent)
				rep.CrossOriginIsolated = br.Cold.CrossOriginIsolated
			}
			fmt.Fprintf(os.Stderr, "%-8s %-15s p50 %.4f ms  cold %.0f ms  warm %.0f ms  bytes %d  batch32 %.0f ex/s  rss %.0f MB  (max|diff| %.1e)\n",
				m.Name, cfg.ID, res.Latency.P50, res.ColdStartMS, res.WarmStartMS, res.BytesTotal, res.Throughput.ExamplesPerSecond, res.PeakRSSMB, res.ParityMaxDiff)
		}
	}
	rep.Failures = failures
	rep.LoadEnd = loadavg()
	rep.WallSeconds = time.Since(start).Seconds()
	if err := rep.write(o.out); err != nil {
		return err
	}
	if o.readme != "" {
		if err := rep.updateReadme(o.readme); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "wrote %s and %s in %.0f s\n", filepath.Join(o.out, "results.json"), filepath.Join(o.out, "results.md"), rep.WallSeconds)
	if len(failures) > 0 {
		return fmt.Errorf("%d engine runs failed:\n%s", len(failures), strings.Join(failures, "\n"))
	}
	return nil
}

func rerender(o options) error {
	b, err := os.ReadFile(o.from)
	if err != nil {
		return err
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: %w", o.from, err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(o.from), "results.md"), []byte(rep.markdown()), 0o644); err != nil {
		return err
	}
	if o.readme != "" {
		return rep.updateReadme(o.readme)
	}
	return nil
}

// loadavg is /proc/loadavg's 1-minute figure: the machine is shared, and
// every number here is wall time.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// writeModel writes the weights, the ONNX graph and the harness's JSON
// (shapes and fixed inputs).
func writeModel(site string, m *benchModel) error {
	dir := filepath.Join(site, "models")
	if err := os.WriteFile(filepath.Join(dir, m.Name+".safetensors"), m.weights, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, m.Name+".onnx"), m.onnx, 0o644); err != nil {
		return err
	}
	meta := struct {
		*benchModel
		Inputs any `json:"inputs"`
		Batch  any `json:"batch"`
	}{benchModel: m}
	if m.Kind == "mlp" {
		meta.Inputs, meta.Batch = m.XF, m.BF
	} else {
		meta.Inputs, meta.Batch = m.XI, m.BI
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, m.Name+".json"), b, 0o644)
}

// parityTol is the agreement every engine must reach with native Bedside
// on the fixed inputs, each alone and all as one batch.
const parityTol = 1e-4

func parity(p *pageResult, ref [][]float32) error {
	d, err := parityDiff(p, ref)
	if err != nil {
		return err
	}
	if d > parityTol {
		return fmt.Errorf("outputs differ from native Bedside by up to %.3g (> %g):\n  got  %v\n  want %v", d, parityTol, p.Parity, ref)
	}
	return nil
}

func parityDiff(p *pageResult, ref [][]float32) (float64, error) {
	if len(p.Parity) != len(ref) || len(p.ParityBatch) != len(ref)*len(ref[0]) {
		return 0, fmt.Errorf("parity: got %d outputs and a batch of %d values, want %d×%d", len(p.Parity), len(p.ParityBatch), len(ref), len(ref[0]))
	}
	var worst float64
	for i, row := range ref {
		if len(p.Parity[i]) != len(row) {
			return 0, fmt.Errorf("parity: input %d gave %d outputs, want %d", i, len(p.Parity[i]), len(row))
		}
		for j, want := range row {
			a, b := p.Parity[i][j], p.ParityBatch[i*len(row)+j]
			for _, got := range []float64{a, b} {
				d := math.Abs(got - float64(want))
				if math.IsNaN(d) {
					d = math.Inf(1)
				}
				worst = max(worst, d)
			}
		}
	}
	return worst, nil
}
