// Command mkcorpus turns the mtsamples CSV (specialty, sample_name,
// description, transcription) into the pipeline's JSON-lines input,
// {"id": "mt-K", "text": transcription}, repeating the rows to reach -n
// notes, so that examples and benchmarks run on real notes without
// committing them.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	in := flag.String("in", "../shared/data/mtsamples/train.csv", "mtsamples CSV")
	out := flag.String("out", "", "JSON-lines file to write")
	n := flag.Int("n", 200, "notes to write (rows are repeated when the CSV has fewer)")
	flag.Parse()
	if err := run(*in, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(1)
	}
}

func run(in, out string, n int) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	texts, err := transcriptions(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if len(texts) == 0 {
		return fmt.Errorf("%s: no transcriptions", in)
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for k := 0; k < n; k++ {
		if err := enc.Encode(struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}{fmt.Sprintf("mt-%d", k), texts[k%len(texts)]}); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return w.Close()
}

// transcriptions reads the non-blank "transcription" column.
func transcriptions(r io.Reader) ([]string, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := -1
	for i, h := range header {
		if strings.TrimSpace(h) == "transcription" {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("no transcription column in %v", header)
	}
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if col < len(rec) && strings.TrimSpace(rec[col]) != "" {
			out = append(out, rec[col])
		}
	}
}
