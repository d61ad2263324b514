package main

import (
	"fmt"
	"math"
	"slices"
	"syscall"
	"time"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// runner runs one example of a model natively: the reference for parity
// and the denominator of the wasm/native ratio.
type runner struct {
	m    *benchModel
	mlp  *engine.MLP32
	text *textnet.Classifier32
	ids  []int
}

func newRunner(m *benchModel) (*runner, error) {
	f, err := safetensors.Decode(m.weights)
	if err != nil {
		return nil, err
	}
	r := &runner{m: m}
	if m.Kind == "mlp" {
		r.mlp, err = engine.LoadMLP32(f)
	} else {
		if r.text, err = textnet.Load32(f); err == nil {
			r.text.CacheInputProjections() // as in the bench wasm
		}
		r.ids = make([]int, m.Tokens)
	}
	return r, err
}

func (r *runner) runF(dst []float32, x []float32) { r.mlp.Forward(dst, x) }

func (r *runner) runI(dst []float32, x []int32) error {
	for i, v := range x {
		r.ids[i] = int(v)
	}
	return r.text.Logits(dst, nil, r.ids)
}

// run runs example i of the parity inputs (batch false) or of the batch.
func (r *runner) run(dst []float32, i int, batch bool) error {
	if r.m.Kind == "mlp" {
		x := r.m.XF
		if batch {
			x = r.m.BF
		}
		r.runF(dst, x[i])
		return nil
	}
	x := r.m.XI
	if batch {
		x = r.m.BI
	}
	return r.runI(dst, x[i])
}

// reference returns the logits of each parity input.
func (r *runner) reference() ([][]float32, error) {
	out := make([][]float32, parityN)
	for i := range out {
		out[i] = make([]float32, r.m.Out)
		if err := r.run(out[i], i, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// latencyStats is what both the browser and native timings report, in ms.
type latencyStats struct {
	Warmups int     `json:"warmups"`
	Runs    int     `json:"runs"`
	Samples int     `json:"samples"`
	Block   int     `json:"block"` // runs per timed sample
	P50     float64 `json:"p50"`
	P95     float64 `json:"p95"`
	P99     float64 `json:"p99"`
	Mean    float64 `json:"mean"`
	Max     float64 `json:"max"`

	cpuPerRunMS float64 // native only; the browser's comes from the driver
}

type throughputStats struct {
	Batch             int     `json:"batch"`
	Batches           int     `json:"batches"`
	MedianBatchMS     float64 `json:"medianBatchMS"`
	ExamplesPerSecond float64 `json:"examplesPerSecond"`

	cpuPerExampleMS float64
}

// cpuTime is this process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// percentile matches the harness: the smallest sample with at least p% of
// samples at or below it.
func percentile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(len(sorted)-1, max(0, i))]
}

// native times the model with the harness's procedure: warm-ups, a 20 ms
// calibration, then runs samples of k runs each (k so that a sample is at
// least minBlock).
func (r *runner) native(runs, warmup int, minBlock time.Duration) (latencyStats, throughputStats, error) {
	dst := make([]float32, r.m.Out)
	one := func() error { return r.run(dst, 0, false) }
	for i := 0; i < warmup; i++ {
		if err := one(); err != nil {
			return latencyStats{}, throughputStats{}, err
		}
	}
	// Calibrate on the fastest of a few repeats, as the harness does.
	n := 1
	var t time.Duration
	for {
		s := time.Now()
		for j := 0; j < n; j++ {
			one()
		}
		if t = time.Since(s); t >= 2*time.Millisecond || n >= 1<<20 {
			break
		}
		n *= 2
	}
	est := t / time.Duration(n)
	for r := 0; r < 3; r++ {
		s := time.Now()
		for j := 0; j < n; j++ {
			one()
		}
		est = min(est, time.Since(s)/time.Duration(n))
	}
	k := max(1, int(math.Ceil(float64(minBlock)/float64(max(est, 1)))))
	samples := make([]float64, runs)
	c0 := cpuTime()
	for i := range samples {
		s := time.Now()
		for j := 0; j < k; j++ {
			one()
		}
		samples[i] = float64(time.Since(s)) / 1e6 / float64(k)
	}
	cpuRun := float64(cpuTime()-c0) / 1e6 / float64(runs*k)
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	var sum float64
	for _, v := range samples {
		sum += v
	}
	lat := latencyStats{Warmups: warmup, Runs: runs * k, Samples: runs, Block: k, P50: percentile(sorted, 50), P95: percentile(sorted, 95),
		P99: percentile(sorted, 99), Mean: sum / float64(runs), Max: sorted[len(sorted)-1], cpuPerRunMS: cpuRun}

	batch := func() error {
		for i := 0; i < batchN; i++ {
			if err := r.run(dst, i, true); err != nil {
				return err
			}
		}
		return nil
	}
	if err := batch(); err != nil {
		return lat, throughputStats{}, fmt.Errorf("batch: %w", err)
	}
	var times []float64
	c0 = cpuTime()
	t0 := time.Now()
	for len(times) < 3 || (time.Since(t0) < time.Second && len(times) < 200) {
		s := time.Now()
		batch()
		times = append(times, float64(time.Since(s))/1e6)
	}
	cpuEx := float64(cpuTime()-c0) / 1e6 / float64(len(times)*batchN)
	slices.Sort(times)
	med := percentile(times, 50)
	tp := throughputStats{Batch: batchN, Batches: len(times), MedianBatchMS: med, ExamplesPerSecond: batchN / (med / 1000), cpuPerExampleMS: cpuEx}
	return lat, tp, nil
}
