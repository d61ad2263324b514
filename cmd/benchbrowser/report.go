package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

// result is one engine configuration on one model.
type result struct {
	Model   string `json:"model"`
	Config  string `json:"config"`
	Label   string `json:"label"`
	Threads int    `json:"threads"`

	// Bytes sent by the server during the cold visit (brotli as served).
	BytesRuntime int64            `json:"bytesRuntime,omitempty"`
	BytesWeights int64            `json:"bytesWeights,omitempty"`
	BytesTotal   int64            `json:"bytesTotal,omitempty"`
	Files        map[string]int64 `json:"files,omitempty"`
	WarmBytes    int64            `json:"warmBytes"`

	ColdStartMS          float64 `json:"coldStartMS,omitempty"` // navigation start → first result, fresh profile
	WarmStartMS          float64 `json:"warmStartMS,omitempty"` // same, second visit (HTTP and code caches warm)
	FirstInferenceMS     float64 `json:"firstInferenceMS,omitempty"`
	WarmFirstInferenceMS float64 `json:"warmFirstInferenceMS,omitempty"`
	InitColdMS           float64 `json:"initColdMS,omitempty"`

	Latency    *latencyStats    `json:"latency"`
	Throughput *throughputStats `json:"throughput"`

	PeakRSSMB    float64 `json:"peakRendererRSSMB,omitempty"`
	JSHeapPeakMB float64 `json:"jsHeapPeakMB,omitempty"`
	WasmMemMB    float64 `json:"wasmMemoryMB,omitempty"`

	LongTasksLoad   int     `json:"longTasksLoad"`
	LongTasksLoadMS float64 `json:"longTasksLoadMS"`
	LongTasksBench  int     `json:"longTasksBench"`
	LongTaskMaxMS   float64 `json:"longTaskBenchMaxMS"`

	ParityMaxDiff       float64 `json:"parityMaxDiff"`
	CrossOriginIsolated bool    `json:"crossOriginIsolated"`
}

type report struct {
	Date                string         `json:"date"`
	Machine             string         `json:"machine"`
	Browser             string         `json:"browser"`
	Go                  string         `json:"go"`
	CrossOriginIsolated bool           `json:"crossOriginIsolated"`
	Runs                int            `json:"runs"`
	Warmup              int            `json:"warmup"`
	WallSeconds         float64        `json:"wallSeconds"`
	LoadStart           string         `json:"loadAverageStart"` // 1, 5, 15 min
	LoadEnd             string         `json:"loadAverageEnd"`
	Configs             []engineConfig `json:"configs"`
	Models              []*benchModel  `json:"models"`
	Results             []*result      `json:"results"`
	Failures            []string       `json:"failures,omitempty"`
}

const mb = 1 << 20

func summarise(cfg engineConfig, m *benchModel, br *browserRun, ref [][]float32) *result {
	c, f := br.Cold, br.Full
	r := &result{Model: m.Name, Config: cfg.ID, Label: cfg.Label, Threads: cfg.Threads, Files: map[string]int64{},
		ColdStartMS: c.FirstResultMS, WarmStartMS: f.FirstResultMS, FirstInferenceMS: c.FirstInferenceMS,
		WarmFirstInferenceMS: f.FirstInferenceMS, InitColdMS: c.InitMS,
		Latency: f.Latency, Throughput: f.Throughput,
		PeakRSSMB: float64(br.PeakRSS) / mb, JSHeapPeakMB: max(c.JSHeapPeak, f.JSHeapPeak) / mb,
		WasmMemMB: f.Memory["wasmBytes"] / mb, CrossOriginIsolated: c.CrossOriginIsolated}
	for p, n := range br.ColdBytes {
		switch {
		case strings.HasPrefix(p, "/vendor/") || strings.HasPrefix(p, "/bedside/"):
			r.BytesRuntime += n
			r.Files[p] = n
		case strings.HasPrefix(p, "/models/") && !strings.HasSuffix(p, ".json"):
			r.BytesWeights += n
			r.Files[p] = n
		}
	}
	r.BytesTotal = r.BytesRuntime + r.BytesWeights
	for p, n := range br.WarmBytes {
		if !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".html") {
			r.WarmBytes += n
		}
	}
	r.LongTasksLoad = len(c.LongTasksLoad)
	for _, lt := range c.LongTasksLoad {
		r.LongTasksLoadMS += lt[1]
	}
	if f.LongTasksBench != nil {
		r.LongTasksBench, r.LongTaskMaxMS = f.LongTasksBench.Count, f.LongTasksBench.MaxMS
	}
	r.ParityMaxDiff, _ = parityDiff(c, ref)
	if d, err := parityDiff(f, ref); err == nil {
		r.ParityMaxDiff = max(r.ParityMaxDiff, d)
	}
	return r
}

func (rep *report) write(dir string) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), b, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "results.md"), []byte(rep.markdown()), 0o644)
}

func (rep *report) find(model, cfg string) *result {
	for _, r := range rep.Results {
		if r.Model == model && r.Config == cfg {
			return r
		}
	}
	return nil
}

func ms(v float64) string {
	switch {
	case v == 0:
		return "–"
	case v < 0.1:
		return fmt.Sprintf("%.4f", v)
	case v < 10:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func kb(n int64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(n)/1024)
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func (rep *report) markdown() string {
	var w bytes.Buffer
	fmt.Fprintf(&w, "Run %s on %s, %s, %s; cross-origin isolated: %v. Latency: %d timed samples after %d warm-ups at batch 1 (runs under 0.2 ms are timed in blocks; a sample is the block mean). Bytes: brotli (q%d) as served on a cold visit; ms from navigation start. Throughput: batch size over the median batch time. Wall time %.0f s; load average %s at the start, %s at the end (the machine is shared: every figure is wall time under that load).\n\n",
		rep.Date, rep.Machine, rep.Browser, rep.Go, rep.CrossOriginIsolated, rep.Runs, rep.Warmup, brotliQuality, rep.WallSeconds, rep.LoadStart, rep.LoadEnd)
	for _, m := range rep.Models {
		desc := fmt.Sprintf("MLP %d→%d, %d parameters", m.In, m.Out, m.Params)
		if m.Kind == "text" {
			desc = fmt.Sprintf("text, %d tokens, vocab %d, embed %d, BiGRU %d, attention %d, %d classes, %d parameters",
				m.Tokens, m.Text.Vocab, m.Text.Embed, m.Text.Hidden, m.Text.Attention, m.Text.Classes, m.Params)
		}
		fmt.Fprintf(&w, "### %s (%s)\n\nWeights: %s.\n\n", m.Name, desc, m.Source)
		fmt.Fprintf(&w, "| engine | KB runtime + weights | cold start ms | warm start ms | first inference ms | p50 ms | p95 ms | p99 ms | batch 32 ex/s | peak RSS MB | JS heap MB | long tasks at load (ms) | Bedside main / this p50 | Bedside worker / this p50 |\n")
		fmt.Fprintf(&w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
		main, worker := rep.find(m.Name, "bedside"), rep.find(m.Name, "bedside-worker")
		order := append([]string{"native"}, configIDs(rep.Configs)...)
		for _, id := range order {
			r := rep.find(m.Name, id)
			if r == nil {
				continue
			}
			rm, rw := "–", "–"
			if main != nil {
				rm = ratio(main.Latency.P50, r.Latency.P50)
			}
			if worker != nil {
				rw = ratio(worker.Latency.P50, r.Latency.P50)
			}
			bytesCol, lt := "–", "–"
			if r.Config != "native" {
				bytesCol = fmt.Sprintf("%s + %s = %s", kb(r.BytesRuntime), kb(r.BytesWeights), kb(r.BytesTotal))
				lt = fmt.Sprintf("%d (%.0f)", r.LongTasksLoad, r.LongTasksLoadMS)
			}
			fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n",
				r.Label, bytesCol, ms(r.ColdStartMS), ms(r.WarmStartMS), ms(r.FirstInferenceMS),
				ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99), r.Throughput.ExamplesPerSecond,
				mbs(r.PeakRSSMB), mbs(r.JSHeapPeakMB), lt, rm, rw)
		}
		w.WriteString("\n")
	}
	w.WriteString(rep.goals())
	return w.String()
}

func mbs(v float64) string {
	if v == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", v)
}

func configIDs(cs []engineConfig) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// goals checks the targets against this run.
func (rep *report) goals() string {
	var w bytes.Buffer
	w.WriteString("#### Against the goals (from this run)\n\n| model | best peer p50 | Bedside main p50 (ratio) | Bedside worker p50 (ratio) | goal | Bedside bytes / smallest peer | wasm / native p50 |\n|---|---|---|---|---|---|---|\n")
	for _, m := range rep.Models {
		main, worker, native := rep.find(m.Name, "bedside"), rep.find(m.Name, "bedside-worker"), rep.find(m.Name, "native")
		var best, smallest *result
		for _, r := range rep.Results {
			if r.Model != m.Name || r.Config == "native" || strings.HasPrefix(r.Config, "bedside") {
				continue
			}
			if best == nil || r.Latency.P50 < best.Latency.P50 {
				best = r
			}
			if smallest == nil || r.BytesTotal < smallest.BytesTotal {
				smallest = r
			}
		}
		goal := "≤ 1.0"
		if m.Name == "large" {
			goal = "≤ 1.5"
		}
		cell := func(r *result) string {
			if r == nil || best == nil {
				return "–"
			}
			return fmt.Sprintf("%s (%s)", ms(r.Latency.P50), ratio(r.Latency.P50, best.Latency.P50))
		}
		bestCell, bytesCell, nat := "–", "–", "–"
		if best != nil {
			bestCell = fmt.Sprintf("%s (%s)", ms(best.Latency.P50), best.Label)
		}
		if smallest != nil && main != nil {
			bytesCell = fmt.Sprintf("%s / %s KB = %s (goal < 0.5)", kb(main.BytesTotal), kb(smallest.BytesTotal), ratio(float64(main.BytesTotal), float64(smallest.BytesTotal)))
		}
		if main != nil && native != nil {
			nat = ratio(main.Latency.P50, native.Latency.P50) + " (goal ≤ 3)"
		}
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s |\n", m.Name, bestCell, cell(main), cell(worker), goal, bytesCell, nat)
	}
	return w.String()
}

const (
	readmeStart = "<!-- bench-browser:start -->"
	readmeEnd   = "<!-- bench-browser:end -->"
)

// updateReadme replaces the text between the markers, or appends a
// section with them.
func (rep *report) updateReadme(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	block := readmeStart + "\n" + rep.markdown() + "\n" + readmeEnd
	s := string(b)
	i, j := strings.Index(s, readmeStart), strings.Index(s, readmeEnd)
	if i >= 0 && j > i {
		s = s[:i] + block + s[j+len(readmeEnd):]
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n## Speed in the browser against TensorFlow.js and ONNX Runtime Web\n\n" +
			"`make bench-browser` (not part of `make test`; about ten minutes) runs the same models with the same weights in " +
			"Bedside's engine (wasm, main thread and Web Worker), TensorFlow.js 4.22.0 (wasm backend) and ONNX Runtime Web 1.30.0 " +
			"(wasm) in headless Chromium, after checking that all of them agree with native Bedside within 1e-4. " +
			"Full numbers: `artifacts/benchbrowser/results.json`. Latest run:\n\n" + block + "\n"
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			cpu = strings.TrimSpace(string(m[1]))
		}
	}
	return fmt.Sprintf("%s, %d logical CPUs visible (%s/%s)", cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
}

func browserVersion(ua string) string {
	if m := regexp.MustCompile(`(Headless)?Chrome/[0-9.]+`).FindString(ua); m != "" {
		return m
	}
	return ua
}

var _ = sort.Strings
