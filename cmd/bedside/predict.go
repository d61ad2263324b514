package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

func init() {
	register("predict", command{"predict from JSON lines or CSV; writes JSON lines with explanations", runPredict})
}

// rowError is the line written in place of a prediction the input did not
// allow, so that output line k still answers input row k.
type rowError struct {
	Row   int    `json:"row"`
	Error string `json:"error"`
}

func runPredict(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("predict", flag.ContinueOnError)
	fl.SetOutput(stderr)
	model := fl.String("model", "", "model name")
	in := fl.String("in", "-", "input file: JSON lines (one object per line) or CSV with a header; - is stdin")
	dir := fl.String("models", "web/models", "directory with manifest.json and the weights")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	fail := func(code int, err error) int {
		fmt.Fprintln(stderr, "bedside predict:", err)
		return code
	}
	t, err := lookupTask(*model)
	if err != nil {
		return fail(2, err)
	}
	p, _, err := loadModel(*dir, t.Name)
	if err != nil {
		return fail(1, err)
	}
	var r io.Reader = stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fail(1, err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fail(1, err)
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	bad := 0
	emit := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(rowError{Error: err.Error()})
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	report := func(row int, err error) {
		bad++
		msg := fmt.Sprintf("row %d: %v", row, err)
		if re, ok := err.(*task.RowError); ok {
			msg = re.Error()
		}
		fmt.Fprintln(stderr, "bedside predict:", msg)
		emit(rowError{Row: row, Error: msg})
	}
	if trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '{' {
		// JSON lines: row k is line k; blank lines are ignored.
		for k, line := range bytes.Split(data, []byte("\n")) {
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			pr, err := p.Predict(line)
			if err != nil {
				report(k+1, err)
				continue
			}
			emit(pr)
		}
	} else {
		tab, err := t.Read(bytes.NewReader(data), task.ReadOptions{SkipBad: true})
		if err != nil {
			return fail(1, fmt.Errorf("%s: %w", *in, err))
		}
		si := 0
		for i, input := range tab.Inputs {
			for si < len(tab.Skipped) && tab.Skipped[si].Row < tab.Rows[i] {
				report(tab.Skipped[si].Row, tab.Skipped[si])
				si++
			}
			pr, err := p.Predict(input)
			if err != nil {
				report(tab.Rows[i], &task.RowError{Row: tab.Rows[i], Err: err})
				continue
			}
			emit(pr)
		}
		for ; si < len(tab.Skipped); si++ {
			report(tab.Skipped[si].Row, tab.Skipped[si])
		}
	}
	if bad > 0 {
		w.Flush()
		fmt.Fprintf(stderr, "bedside predict: %d rows could not be predicted\n", bad)
		return 1
	}
	return 0
}
