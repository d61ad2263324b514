package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// pageResult is what the harness leaves in window.__bench.
type pageResult struct {
	Engine              string           `json:"engine"`
	Model               string           `json:"model"`
	Threads             int              `json:"threads"`
	CrossOriginIsolated bool             `json:"crossOriginIsolated"`
	UserAgent           string           `json:"userAgent"`
	HardwareConcurrency int              `json:"hardwareConcurrency"`
	InitMS              float64          `json:"initMS"`
	FirstInferenceMS    float64          `json:"firstInferenceMS"`
	FirstResultMS       float64          `json:"firstResultMS"`
	Parity              [][]float64      `json:"parity"`
	ParityBatch         []float64        `json:"parityBatch"`
	LongTasksLoad       [][2]float64     `json:"longTasksLoad"`
	Latency             *latencyStats    `json:"latency"`
	Throughput          *throughputStats `json:"throughput"`
	LongTasksBench      *struct {
		Count   int     `json:"count"`
		TotalMS float64 `json:"totalMS"`
		MaxMS   float64 `json:"maxMS"`
	} `json:"longTasksBench"`
	JSHeapPeak           float64            `json:"jsHeapPeak"`
	Memory               map[string]float64 `json:"memory"`
	LongTasksUnsupported string             `json:"longTasksUnsupported"`
}

// engineConfig is one column of the comparison.
type engineConfig struct {
	ID      string `json:"id"`
	Engine  string `json:"engine"` // harness engine name
	Threads int    `json:"threads"`
	Label   string `json:"label"`
}

var allConfigs = []engineConfig{
	{"bedside", "bedside", 1, "Bedside, main thread"},
	{"bedside-worker", "bedside-worker", 1, "Bedside, Web Worker"},
	{"tfjs", "tfjs", 1, "TF.js wasm SIMD, 1 thread"},
	{"tfjs-mt", "tfjs", 2, "TF.js wasm SIMD, 2 threads"},
	{"ort", "ort", 1, "ORT Web wasm SIMD, 1 thread"},
	{"ort-mt", "ort", 2, "ORT Web wasm SIMD, 2 threads"},
	// Not in the default list: the syscall/js boundary, for comparison.
	{"bedside-funcof", "bedside-funcof", 1, "Bedside, main thread, via syscall/js"},
}

type browserRun struct {
	Cold, Full *pageResult
	ColdBytes  map[string]int64 // path → bytes sent during the cold visit
	WarmBytes  map[string]int64
	PeakRSS    int64 // max VmHWM over the browser's renderer processes, bytes
	ColdWallMS float64
}

// visit runs one engine on one model in a fresh browser profile: a cold
// visit (parity + first result), then a second visit in the same profile
// (warm start, then the full measurement).
func visit(ctx context.Context, srv *server, base string, cfg engineConfig, m *benchModel, o options, checkParity func(*pageResult) error) (*browserRun, error) {
	profile, err := os.MkdirTemp("", "benchbrowser-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(o.chromium),
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("enable-precise-memory-info", true),
		chromedp.UserDataDir(profile),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx); err != nil { // start the browser
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	pageURL := func(phase string) string {
		v := url.Values{}
		v.Set("engine", cfg.Engine)
		v.Set("model", m.Name)
		v.Set("threads", strconv.Itoa(cfg.Threads))
		v.Set("phase", phase)
		v.Set("runs", strconv.Itoa(o.runs))
		v.Set("warmup", strconv.Itoa(o.warmup))
		v.Set("budget", strconv.Itoa(int(o.budget.Milliseconds())))
		return base + "/bench.html?" + v.Encode()
	}
	run := &browserRun{}
	srv.resetCounts()
	t0 := time.Now()
	if run.Cold, err = page(bctx, pageURL("cold"), 3*time.Minute); err != nil {
		return nil, fmt.Errorf("cold visit: %w", err)
	}
	run.ColdWallMS = float64(time.Since(t0).Microseconds()) / 1e3
	run.ColdBytes = srv.counts()
	if err := checkParity(run.Cold); err != nil {
		return run, err
	}
	srv.resetCounts()
	if run.Full, err = page(bctx, pageURL("full"), 10*time.Minute); err != nil {
		return nil, fmt.Errorf("full visit: %w", err)
	}
	run.WarmBytes = srv.counts()
	if p := chromedp.FromContext(bctx).Browser.Process(); p != nil {
		run.PeakRSS = rendererPeakRSS(p.Pid)
	}
	return run, nil
}

func page(ctx context.Context, u string, timeout time.Duration) (*pageResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	s, err := chromedp.Run(ctx, chromedp.Poll[string](
		`window.__bench ? JSON.stringify(window.__bench) : (window.__benchError ? JSON.stringify({error: window.__benchError}) : null)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return nil, err
	}
	var e struct{ Error string }
	if json.Unmarshal([]byte(s), &e) == nil && e.Error != "" {
		return nil, fmt.Errorf("page: %s", e.Error)
	}
	var r pageResult
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// rendererPeakRSS is the largest VmHWM (peak resident set) of the
// browser's renderer processes: the page, its workers and every wasm
// heap live there, whatever the engine.
func rendererPeakRSS(browserPid int) int64 {
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// ppid is the 2nd field after the parenthesised command.
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		children[ppid] = append(children[ppid], pid)
	}
	var peak int64
	var walk func(int)
	walk = func(pid int) {
		for _, c := range children[pid] {
			cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c))
			if strings.Contains(string(cmd), "--type=renderer") {
				peak = max(peak, vmHWM(c))
			}
			walk(c)
		}
	}
	walk(browserPid)
	return peak
}

func vmHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
