package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

func init() {
	register("split", command{"write the validation rows train held out, as a CSV for eval", runSplit})
}

func runSplit(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("split", flag.ContinueOnError)
	fl.SetOutput(stderr)
	model := fl.String("model", "", "model name")
	data := fl.String("data", "../shared/data", "datasets directory")
	out := fl.String("out", "-", "CSV file to write; - is stdout")
	seed := fl.Uint64("seed", 1, "the seed train used")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	t, err := lookupTask(*model)
	if err != nil {
		fmt.Fprintln(stderr, "bedside split:", err)
		return 2
	}
	if t.Validation == nil {
		fmt.Fprintf(stderr, "bedside split: model %s does not expose its validation split\n", t.Name)
		return 1
	}
	b, err := t.Validation(task.Config{DataDir: *data, Seed: *seed})
	if err != nil {
		fmt.Fprintln(stderr, "bedside split:", err)
		return 1
	}
	if *out == "-" {
		stdout.Write(b)
		return 0
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(stderr, "bedside split:", err)
		return 1
	}
	return 0
}
