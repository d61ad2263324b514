// Command pipeline runs Bedside's shipped models, or the note analysis,
// over a corpus as an Apache Beam batch pipeline: in process on the prism
// runner by default, unchanged on Flink, Spark or Dataflow (--runner).
//
// It is its own Go module so that Beam's dependencies (gRPC, protobuf,
// cloud clients) never reach the app, the worker or the bedside command.
//
//	pipeline --input 'notes/*.jsonl' --model specialty --output out/pred
//
// writes out/pred-specialty-00000-of-00004.jsonl ...: per input line, the
// object `bedside predict` prints for it plus "id"; lines that cannot be
// predicted go to the --errors files with the reason. For each model,
// predictions plus errors are exactly the non-blank input lines.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
)

var (
	input        = flag.String("input", "", "comma-separated files or globs of JSON lines ({\"id\": ..., \"text\": ...} or a model's columns), or CSV (*.csv) for the tabular models; any Beam filesystem (local, gs://, s3://)")
	modelFlag    = flag.String("model", "", "comma-separated models (e.g. specialty, or wdbc,heart), or notes for the note analysis (nlp.AnalyzeNote)")
	modelsDir    = flag.String("models", "web/models", "directory with manifest.json and the weights; checked against the manifest's sha256 before the pipeline starts")
	output       = flag.String("output", "", "prefix of the prediction files: PREFIX-MODEL-SSSSS-of-NNNNN.jsonl")
	errorsFlag   = flag.String("errors", "", "prefix of the error files (default: OUTPUT-errors)")
	shards       = flag.Int("shards", 4, "output files per model")
	maxLineBytes = flag.Int("max-line-bytes", 4<<20, "a longer input line is an error (line_too_long), not read into memory")
)

func main() {
	flag.Parse()
	beam.Init()
	c, err := configFromFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	if err := checkModels(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
	counts, err := run(ctx, c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
	printMetrics(os.Stderr, counts)
}

func configFromFlags() (config, error) {
	c := config{
		Inputs:       splitList(*input),
		Models:       splitList(*modelFlag),
		ModelsDir:    *modelsDir,
		Output:       *output,
		Errors:       *errorsFlag,
		Shards:       *shards,
		MaxLineBytes: *maxLineBytes,
	}
	switch {
	case len(c.Inputs) == 0:
		return c, fmt.Errorf("--input is required")
	case len(c.Models) == 0:
		return c, fmt.Errorf("--model is required")
	case c.Output == "":
		return c, fmt.Errorf("--output is required")
	case c.Shards < 1:
		return c, fmt.Errorf("--shards must be at least 1")
	case c.MaxLineBytes < 1:
		return c, fmt.Errorf("--max-line-bytes must be at least 1")
	}
	if c.Errors == "" {
		c.Errors = c.Output + "-errors"
	}
	seen := map[string]bool{}
	for _, m := range c.Models {
		if seen[m] {
			return c, fmt.Errorf("--model lists %s twice", m)
		}
		seen[m] = true
	}
	// Workers may run elsewhere (another process under prism's loopback
	// environment, a container under Flink): local paths must be absolute.
	abs := func(p string) string {
		if strings.Contains(p, "://") {
			return p
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		return a
	}
	for i := range c.Inputs {
		c.Inputs[i] = abs(c.Inputs[i])
	}
	c.ModelsDir, c.Output, c.Errors = abs(c.ModelsDir), abs(c.Output), abs(c.Errors)
	return c, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// checkModels loads every model before the pipeline is built, so that a
// missing model or weights that fail the manifest's sha256 stop the job
// here rather than on every worker. The load is cached: prism's in-process
// workers reuse it.
func checkModels(ctx context.Context, c config) error {
	for _, name := range c.Models {
		if _, err := loadCached(ctx, c.ModelsDir, name); err != nil {
			return err
		}
	}
	return nil
}

// run builds and runs the pipeline on the --runner (prism by default) and
// returns its committed counters by name, and distributions as
// name.count/.sum/.min/.max.
func run(ctx context.Context, c config) (map[string]int64, error) {
	p, s := beam.NewPipelineWithRoot()
	build(s, c)
	runner := *runners.Runner
	if runner == "" {
		runner = "prism"
	}
	pr, err := beam.Run(ctx, runner, p)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	if pr == nil {
		return out, nil
	}
	q := pr.Metrics().Query(func(r metrics.SingleResult) bool { return r.Namespace() == metricsNS })
	for _, r := range q.Counters() {
		out[r.Name()] += r.Result()
	}
	for _, r := range q.Distributions() {
		d := r.Result()
		out[r.Name()+".count"] += d.Count
		out[r.Name()+".sum"] += d.Sum
		if v, ok := out[r.Name()+".min"]; !ok || d.Min < v {
			out[r.Name()+".min"] = d.Min
		}
		if d.Max > out[r.Name()+".max"] {
			out[r.Name()+".max"] = d.Max
		}
	}
	return out, nil
}

func printMetrics(w io.Writer, m map[string]int64) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%s.%s %d\n", metricsNS, n, m[n])
	}
}
