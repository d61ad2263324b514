package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func init() {
	register("eval", command{"score shipped weights on a labeled CSV; prints one JSON object", runEval})
}

func runEval(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("eval", flag.ContinueOnError)
	fl.SetOutput(stderr)
	model := fl.String("model", "", "model name")
	data := fl.String("data", "", "labeled CSV with the dataset's columns")
	dir := fl.String("models", "web/models", "directory with manifest.json and the weights")
	skip := fl.Bool("skip-bad", false, "skip rows that cannot be scored (and report how many) instead of refusing the file")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	fail := func(code int, err error) int {
		fmt.Fprintln(stderr, "bedside eval:", err)
		return code
	}
	t, err := lookupTask(*model)
	if err != nil {
		return fail(2, err)
	}
	if *data == "" {
		return fail(2, fmt.Errorf("-data is required"))
	}
	p, _, err := loadModel(*dir, t.Name)
	if err != nil {
		return fail(1, err)
	}
	f, err := os.Open(*data)
	if err != nil {
		return fail(1, err)
	}
	defer f.Close()
	tab, err := t.Read(f, task.ReadOptions{Truth: true, SkipBad: *skip})
	if err != nil {
		return fail(1, fmt.Errorf("%s: %w", *data, err))
	}
	// Rows that parse but that the model still refuses are bad rows too.
	var preds []clinical.Prediction
	var truth []task.Truth
	skipped := len(tab.Skipped)
	for _, e := range tab.Skipped {
		fmt.Fprintf(stderr, "bedside eval: skipped %s: %v\n", *data, e)
	}
	for i, in := range tab.Inputs {
		pr, err := p.Predict(in)
		if err != nil {
			re := &task.RowError{Row: tab.Rows[i], Err: err}
			if !*skip {
				return fail(1, fmt.Errorf("%s: %w", *data, re))
			}
			fmt.Fprintf(stderr, "bedside eval: skipped %s: %v\n", *data, re)
			skipped++
			continue
		}
		preds = append(preds, pr)
		truth = append(truth, tab.Truth[i])
	}
	if len(preds) == 0 {
		return fail(1, fmt.Errorf("%s: no row could be scored (%d skipped)", *data, skipped))
	}
	scores, err := task.Score(t.Kind, preds, truth)
	if err != nil {
		return fail(1, err)
	}
	out := map[string]any{}
	for k, v := range scores {
		if k == "n" {
			out[k] = int(v)
			continue
		}
		if v == -1 {
			fmt.Fprintf(stderr, "bedside eval: %s cannot be computed on this file (reported as -1)\n", k)
		}
		out[k] = v
	}
	if *skip {
		out["skipped"] = skipped
		fmt.Fprintf(stderr, "bedside eval: %d rows skipped\n", skipped)
	}
	b, _ := json.Marshal(out)
	fmt.Fprintln(stdout, string(b))
	return 0
}
