package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/bedside-health/bedside/nlp"
)

// TestMain runs the pipelines of these tests on prism, in process.
func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

const testMaxLineBytes = 200_000

// corpus writes the test inputs: notes with every kind of bad line, and
// heart rows as CSV and as JSON lines, some of them bad.
func corpus(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{
		"notes.jsonl": []byte(strings.Join([]string{
			`{"id":"n1","text":"Chest pain radiating to the left arm, troponin elevated, ECG shows ST elevation."}`,
			`{"id":"n2","text":"Patient denies fever. History of type 2 diabetes. Mother had breast cancer."}`,
			`{"text":"Colonoscopy revealed a sessile polyp in the ascending colon, removed with snare."}`,
			``,
			`{"id":"e1","text":""}`,
			`{"id":"e2","text":"   "}`,
			`{"id":"e3","text":42}`,
			`{"id":"e4"}`,
			`{"id":"e5","text":"` + strings.Repeat("x", maxNoteRunes+1) + `"}`,
			`not json at all`,
			`{"id":"e6","text":"ok"} trailing`,
			`{"id":["x"],"text":"knee pain"}`,
			"{\"id\":\"e7\",\"text\":\"caf\xff\"}",
			`{"id":"e8","text":"cough","extra":1}`,
			`{"id":"e9","text":"` + strings.Repeat("y", testMaxLineBytes) + `"}`,
			`{"id":17,"text":"Shortness of breath on exertion and ankle swelling for two weeks."}`,
			`[1,2]`,
			`   `,
			`{"id":"n3","text":"发热三天，咳嗽"}`,
		}, "\n") + "\n"),
		"heart.csv": []byte(strings.Join([]string{
			`id,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal`,
			`h1,60,0,4,150,258,0,2,157,0,2.6,2,2,7`,
			`h2,54,1,3,125,273,0,2,152,0,0.5,3,1,3`,
			`h3,abc,1,3,125,273,0,2,152,0,0.5,3,1,3`,
			`h4,54,1,3`,
			`h5,300,1,3,125,273,0,2,152,0,0.5,3,1,3`,
			`h6,54,1,3,125,273,0,2,152,0,0.5,3,,`,
			`h7,5"4,1,3,125,273,0,2,152,0,0.5,3,1,3`,
			`h8,41,0,2,130,204,0,2,172,0,1.4,1,0,3`,
		}, "\n") + "\n"),
		"heart.jsonl": []byte(strings.Join([]string{
			`{"id":"j1","age":60,"sex":0,"cp":4,"trestbps":150,"chol":258,"fbs":0,"restecg":2,"thalach":157,"exang":0,"oldpeak":2.6,"slope":2,"ca":2,"thal":7}`,
			`{"id":"j2","age":"old","sex":0,"cp":4,"trestbps":150,"chol":258,"fbs":0,"restecg":2,"thalach":157,"exang":0,"oldpeak":2.6,"slope":2,"ca":2,"thal":7}`,
			`{"age":41,"sex":0,"cp":2,"trestbps":130,"chol":204,"fbs":0,"restecg":2,"thalach":172,"exang":0,"oldpeak":1.4,"slope":1,"ca":null,"thal":null}`,
		}, "\n") + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// inputLines is every non-blank line of a JSON-lines file, or every data
// row of a CSV (one per line in this corpus), with its 1-based line number.
func inputLines(name string, data []byte) (lines [][]byte, nums []int64) {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 || (strings.HasSuffix(name, ".csv") && i == 0) {
			continue
		}
		lines, nums = append(lines, l), append(nums, int64(i+1))
	}
	return lines, nums
}

// readShards reads every line of the files PREFIX-MODEL-*-of-*.jsonl.
func readShards(t *testing.T, prefix, model string, shards int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := 0; i < shards; i++ {
		data, err := os.ReadFile(shardName(prefix, model, i, shards))
		if err != nil {
			t.Fatalf("shard %d of %s: %v", i, model, err)
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				out = append(out, l)
			}
		}
	}
	return out
}

// bedsidePredict runs the bedside command built from the root module, the
// reference the pipeline must match line for line.
func bedsidePredict(t *testing.T, bin, model, in string) [][]byte {
	t.Helper()
	var stdout bytes.Buffer
	cmd := exec.Command(bin, "predict", "-model", model, "-in", in, "-models", filepath.Join("..", "..", "web", "models"))
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	var out [][]byte
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	return out
}

// withoutID is the line bedside predict gets for a pipeline input line:
// without its id when the id is one (a string or a number), else as is.
func withoutID(line []byte) []byte {
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(line))
	if dec.Decode(&obj) != nil || obj == nil || dec.More() {
		return line
	}
	raw, ok := obj["id"]
	if !ok || !(bytes.HasPrefix(raw, []byte(`"`)) || json.Unmarshal(raw, new(float64)) == nil) {
		return line
	}
	delete(obj, "id")
	b, _ := json.Marshal(obj)
	return b
}

func TestPipelineOnPrism(t *testing.T) {
	dir := t.TempDir()
	files := corpus(t, dir)
	bin := filepath.Join(dir, "bedside")
	build := exec.Command("go", "build", "-o", bin, "./cmd/bedside")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building bedside: %v\n%s", err, out)
	}
	models := []string{"specialty", "heart", notesModel}
	const shards = 3
	c := config{
		Inputs:       []string{filepath.Join(dir, "*.jsonl"), filepath.Join(dir, "heart.csv")},
		Models:       models,
		ModelsDir:    mustAbs(t, filepath.Join("..", "..", "web", "models")),
		Output:       filepath.Join(dir, "out", "pred"),
		Errors:       filepath.Join(dir, "out", "errors"),
		Shards:       shards,
		MaxLineBytes: testMaxLineBytes,
	}
	ctx := context.Background()
	if err := checkModels(ctx, c); err != nil {
		t.Fatal(err)
	}
	counts, err := run(ctx, c)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a second run writes the same bytes", func(t *testing.T) {
		again := c
		again.Output, again.Errors = filepath.Join(dir, "again", "pred"), filepath.Join(dir, "again", "errors")
		if _, err := run(ctx, again); err != nil {
			t.Fatal(err)
		}
		for _, m := range models {
			for i := 0; i < shards; i++ {
				for _, pair := range [][2]string{{c.Output, again.Output}, {c.Errors, again.Errors}} {
					a, errA := os.ReadFile(shardName(pair[0], m, i, shards))
					b, errB := os.ReadFile(shardName(pair[1], m, i, shards))
					if errA != nil || errB != nil || !bytes.Equal(a, b) {
						t.Errorf("%s differs between runs (%v, %v)", shardName(pair[1], m, i, shards), errA, errB)
					}
				}
			}
		}
	})

	var names []string
	inputs := 0
	for name, data := range files {
		names = append(names, name)
		l, _ := inputLines(name, data)
		inputs += len(l)
	}
	sort.Strings(names)

	// Per model: every output and error line, by place in the input.
	type place struct {
		file string
		line int64
	}
	outByID := map[string]map[string][]byte{}
	errAt := map[string]map[place]errorLine{}
	kinds := map[string]int64{}
	for _, m := range models {
		outByID[m], errAt[m] = map[string][]byte{}, map[place]errorLine{}
		for _, l := range readShards(t, c.Output, m, shards) {
			var v struct{ ID json.RawMessage }
			if err := json.Unmarshal(l, &v); err != nil || v.ID == nil {
				t.Fatalf("%s: output line without id: %s", m, l)
			}
			if _, dup := outByID[m][string(v.ID)]; dup {
				t.Errorf("%s: id %s written twice", m, v.ID)
			}
			outByID[m][string(v.ID)] = l
		}
		for _, l := range readShards(t, c.Errors, m, shards) {
			var e errorLine
			if err := json.Unmarshal(l, &e); err != nil {
				t.Fatalf("%s: error line %s: %v", m, l, err)
			}
			p := place{filepath.Base(e.File), e.Line}
			if _, dup := errAt[m][p]; dup {
				t.Errorf("%s: %v reported twice", m, p)
			}
			errAt[m][p] = e
			kinds[e.Kind]++
		}
	}

	t.Run("each model writes exactly one line per input line", func(t *testing.T) {
		for _, m := range models {
			if got := len(outByID[m]) + len(errAt[m]); got != inputs {
				t.Errorf("%s: %d predictions + %d errors, want %d lines in all", m, len(outByID[m]), len(errAt[m]), inputs)
			}
		}
	})

	t.Run("every kind of bad line is reported under its kind", func(t *testing.T) {
		for _, k := range []string{kindNotJSON, kindNotUTF8, kindBadID, kindLineTooLong, kindTextMissing,
			kindTextNotString, kindTextEmpty, kindTextTooLong, kindBadValue, kindBadCSVRow} {
			if kinds[k] == 0 {
				t.Errorf("no error of kind %s; kinds: %v", k, kinds)
			}
		}
	})

	t.Run("the metrics count the rows, the predictions and the errors", func(t *testing.T) {
		if counts["rows_read"] != int64(inputs) {
			t.Errorf("rows_read = %d, want %d", counts["rows_read"], inputs)
		}
		for _, m := range models {
			if got := counts["predictions_"+m]; got != int64(len(outByID[m])) {
				t.Errorf("predictions_%s = %d, want %d", m, got, len(outByID[m]))
			}
			if got := counts["latency_us_"+m+".count"]; got != int64(inputs) {
				t.Errorf("latency_us_%s counts %d calls, want %d", m, got, inputs)
			}
		}
		for k, n := range kinds {
			if counts["errors_"+k] != n {
				t.Errorf("errors_%s = %d, want %d", k, counts["errors_"+k], n)
			}
		}
	})

	// lineID is the id the pipeline gives an input line.
	lineID := func(name string, n int64, line []byte) string {
		var v struct{ ID json.RawMessage }
		if strings.HasSuffix(name, ".csv") {
			id, _ := json.Marshal(strings.SplitN(string(line), ",", 2)[0])
			return string(id)
		}
		if json.Unmarshal(line, &v) == nil && v.ID != nil {
			return string(compact(v.ID))
		}
		id, _ := json.Marshal(fmt.Sprintf("%s:%d", filepath.Join(dir, name), n))
		return string(id)
	}

	for _, tc := range []struct{ model, file string }{
		{"specialty", "notes.jsonl"}, {"heart", "heart.csv"}, {"heart", "heart.jsonl"},
	} {
		t.Run(tc.model+" on "+tc.file+" answers what bedside predict answers", func(t *testing.T) {
			lines, nums := inputLines(tc.file, files[tc.file])
			in := filepath.Join(dir, "stripped-"+tc.file)
			var stripped bytes.Buffer
			if strings.HasSuffix(tc.file, ".csv") {
				stripped.Write(files[tc.file])
			} else {
				for _, l := range lines {
					stripped.Write(withoutID(l))
					stripped.WriteByte('\n')
				}
			}
			if err := os.WriteFile(in, stripped.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			want := bedsidePredict(t, bin, tc.model, in)
			if len(want) != len(lines) {
				t.Fatalf("bedside predict wrote %d lines for %d inputs", len(want), len(lines))
			}
			predicted := 0
			for i, w := range want {
				id := lineID(tc.file, nums[i], lines[i])
				got, isOut := outByID[tc.model][id]
				e, isErr := errAt[tc.model][place{tc.file, nums[i]}]
				if bytes.HasPrefix(w, []byte(`{"row":`)) {
					if !isErr || isOut {
						t.Errorf("line %d: bedside predict refuses it (%s), the pipeline wrote %s", nums[i], w, got)
					}
					continue
				}
				predicted++
				if isErr {
					t.Errorf("line %d: bedside predict answers it, the pipeline refused it: %s", nums[i], e.Error)
					continue
				}
				if !bytes.Equal(got, withID(json.RawMessage(id), w)) {
					t.Errorf("line %d:\n got %s\nwant %s plus the id %s", nums[i], got, w, id)
				}
			}
			if predicted == 0 {
				t.Error("no line of the corpus was predicted; the comparison proves nothing")
			}
		})
	}

	t.Run("notes are the note analysis of each text", func(t *testing.T) {
		lines, nums := inputLines("notes.jsonl", files["notes.jsonl"])
		predicted := 0
		for i, l := range lines {
			got, ok := outByID[notesModel][lineID("notes.jsonl", nums[i], l)]
			if !ok {
				continue
			}
			predicted++
			var in struct{ Text string }
			json.Unmarshal(l, &in)
			want, _ := json.Marshal(nlp.AnalyzeNote(in.Text))
			if !bytes.Equal(got, withID(json.RawMessage(lineID("notes.jsonl", nums[i], l)), want)) {
				t.Errorf("line %d:\n got %s\nwant %s", nums[i], got, want)
			}
		}
		if predicted != 5 {
			t.Errorf("%d notes analysed, want the 5 good ones", predicted)
		}
	})
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestCheckModelsRefusesWhatTheManifestDoesNotVouchFor(t *testing.T) {
	shipped := filepath.Join("..", "..", "web", "models")
	manifest, err := os.ReadFile(filepath.Join(shipped, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	weights, err := os.ReadFile(filepath.Join(shipped, "wdbc.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := append([]byte(nil), weights...)
	tampered[len(tampered)-1] ^= 1
	cases := []struct {
		name    string
		weights []byte
		model   string
		want    string
	}{
		{"the shipped weights load", weights, "wdbc", ""},
		{"weights changed by one bit fail the sha256", tampered, "wdbc", "sha256"},
		{"a model missing from the manifest is refused", weights, "nosuch", "unknown model"},
		{"the note analysis needs no weights", nil, notesModel, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644)
			if tc.weights != nil {
				os.WriteFile(filepath.Join(dir, "wdbc.safetensors"), tc.weights, 0o644)
			}
			err := checkModels(context.Background(), config{Models: []string{tc.model}, ModelsDir: dir})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("checkModels: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("checkModels = %v, want an error about %s", err, tc.want)
			}
		})
	}
}

// FuzzApply: any line gives exactly one output line, valid JSON, which is
// a prediction with an id or an error with a kind; never a panic.
func FuzzApply(f *testing.F) {
	m, err := loadModel(context.Background(), mustAbs(&testing.T{}, filepath.Join("..", "..", "web", "models")), "specialty")
	if err != nil {
		f.Fatal(err)
	}
	notes := &model{name: notesModel}
	for _, s := range []string{`{"id":"a","text":"chest pain"}`, `{"text":""}`, `{"id":[1]}`, `nope`, `{"text":1}`, "{\"text\":\"\xff\"}"} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("id,age\nx,1\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, isCSV bool) {
		for _, mm := range []*model{m, notes} {
			r := mm.apply(record{File: "f", Line: 1, Data: data, CSV: isCSV})
			var v map[string]json.RawMessage
			if err := json.Unmarshal(r.JSON, &v); err != nil {
				t.Fatalf("%s: output is not a JSON object: %q", mm.name, r.JSON)
			}
			if r.Error && (r.Kind == "" || v["kind"] == nil) || !r.Error && v["id"] == nil {
				t.Fatalf("%s: %+v", mm.name, r)
			}
		}
	})
}
