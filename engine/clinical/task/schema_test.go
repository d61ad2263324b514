package task

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func testSchema() *Schema {
	num := func(name string, lo, hi float64) Field {
		var f Field
		f.Name, f.Label, f.Min, f.Max = name, name, lo, hi
		return f
	}
	glucose := num("glucose", 30, 300)
	glucose.ZeroMissing, glucose.Optional = true, true
	cp := num("cp", 1, 4)
	cp.Categories = []float64{1, 2, 3, 4}
	size := num("size", 0.1, 250)
	size.Levels = []string{"<=20", "20-50", ">50"}
	size.FromNumber = func(mm float64) float64 {
		switch {
		case mm <= 20:
			return 0
		case mm <= 50:
			return 1
		}
		return 2
	}
	return &Schema{
		Fields:  []Field{num("age", 18, 100), glucose, cp, size},
		Outcome: []string{"y"},
		Truth: func(get func(string) string) (Truth, error) {
			switch get("y") {
			case "1":
				return Truth{Positive: true}, nil
			case "0":
				return Truth{}, nil
			}
			return Truth{}, &RowError{Column: "y", Err: errors.New("want 0 or 1")}
		},
	}
}

func TestParseJSON(t *testing.T) {
	s := testSchema()
	tests := []struct {
		name      string
		in        string
		wantField string // "" and wantOK: parses
		wantOK    bool
		want      []float64 // NaN for missing
	}{
		{"a complete input parses", `{"age":50,"glucose":120,"cp":2,"size":"20-50"}`, "", true, []float64{50, 120, 2, 1}},
		{"a size in millimetres maps to its category", `{"age":50,"glucose":120,"cp":2,"size":55}`, "", true, []float64{50, 120, 2, 2}},
		{"numbers may come as strings", `{"age":"50","glucose":"120","cp":"2","size":"12"}`, "", true, []float64{50, 120, 2, 0}},
		{"zero glucose means not measured", `{"age":50,"glucose":0,"cp":2,"size":"<=20"}`, "", true, []float64{50, math.NaN(), 2, 0}},
		{"null for an optional field means not measured", `{"age":50,"glucose":null,"cp":2,"size":"<=20"}`, "", true, []float64{50, math.NaN(), 2, 0}},
		{"an absent optional field means not measured", `{"age":50,"cp":2,"size":"<=20"}`, "", true, []float64{50, math.NaN(), 2, 0}},
		{"a required field that is absent is named", `{"glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"a required null is refused", `{"age":null,"glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"an unparsable number is named", `{"age":"fifty","glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"NaN is refused", `{"age":"NaN","glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"infinity is refused", `{"age":"+Inf","glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"an out-of-range value is refused", `{"age":150,"glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"an unknown category code is refused", `{"age":50,"glucose":100,"cp":5,"size":"<=20"}`, "cp", false, nil},
		{"an unknown category name is refused", `{"age":50,"glucose":100,"cp":2,"size":"huge"}`, "size", false, nil},
		{"an unknown field is refused", `{"age":50,"glucose":100,"cp":2,"size":"<=20","agee":3}`, "agee", false, nil},
		{"a boolean is not a number", `{"age":true,"glucose":100,"cp":2,"size":"<=20"}`, "age", false, nil},
		{"an array is not an object", `[1,2]`, "", false, nil},
		{"null is not an object", `null`, "", false, nil},
		{"trailing data is refused", `{"age":50,"cp":2,"size":1} {}`, "", false, nil},
		{"invalid JSON is refused", `{"age":`, "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.ParseJSON("predict test", []byte(tt.in))
			if tt.wantOK {
				if err != nil {
					t.Fatalf("ParseJSON: %v", err)
				}
				for i, w := range tt.want {
					if math.IsNaN(w) != r.Missing[i] || (!math.IsNaN(w) && r.Values[i] != w) {
						t.Errorf("field %d = %v (missing %v), want %v", i, r.Values[i], r.Missing[i], w)
					}
				}
				return
			}
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid {
				t.Fatalf("error = %v, want a clinical.Error of kind Invalid", err)
			}
			if ce.Field != tt.wantField {
				t.Errorf("field = %q, want %q (error %v)", ce.Field, tt.wantField, err)
			}
		})
	}
}

func TestRead(t *testing.T) {
	s := testSchema()
	const header = "age,glucose,cp,size,y,extra\n"
	tests := []struct {
		name    string
		csv     string
		opts    ReadOptions
		wantErr string // substring; "" means success
		rows    int
		skipped int
	}{
		{"a clean file is read", header + "50,120,2,<=20,1,x\n60,0,4,30,0,y\n", ReadOptions{Truth: true}, "", 2, 0},
		{"a missing input column is named", "age,cp,size,y\n50,2,<=20,1\n", ReadOptions{Truth: true}, `header: column "glucose": missing from the header`, 0, 0},
		{"a missing outcome column is named", "age,glucose,cp,size\n50,100,2,<=20\n", ReadOptions{Truth: true}, `column "y": missing`, 0, 0},
		{"the outcome is not needed to predict", "age,glucose,cp,size\n50,100,2,<=20\n", ReadOptions{}, "", 1, 0},
		{"an unparsable number names row and column", header + "50,120,2,<=20,1,x\n5O,120,2,<=20,1,x\n", ReadOptions{Truth: true}, `row 2 (line 3), column "age": not a number: "5O"`, 0, 0},
		{"NaN names row and column", header + "NaN,120,2,<=20,1,x\n", ReadOptions{Truth: true}, `row 1 (line 2), column "age": NaN is not a usable number`, 0, 0},
		{"an out-of-range value names row and column", header + "50,900,2,<=20,1,x\n", ReadOptions{Truth: true}, `row 1 (line 2), column "glucose": 900 is out of the plausible range`, 0, 0},
		{"an unknown category names row and column", header + "50,100,7,<=20,1,x\n", ReadOptions{Truth: true}, `row 1 (line 2), column "cp": unknown category 7`, 0, 0},
		{"an empty required cell names row and column", header + ",100,2,<=20,1,x\n", ReadOptions{Truth: true}, `row 1 (line 2), column "age": value is missing`, 0, 0},
		{"a bad outcome names row and column", header + "50,100,2,<=20,2,x\n", ReadOptions{Truth: true}, `row 1 (line 2), column "y": want 0 or 1`, 0, 0},
		{"a short row is refused", header + "50,100,2\n", ReadOptions{Truth: true}, "row 1 (line 2): has 3 fields, the header has 6", 0, 0},
		{"an empty file is refused", "", ReadOptions{}, "the file is empty", 0, 0},
		{"a header without rows is refused", header, ReadOptions{}, "no rows", 0, 0},
		{"skip-bad keeps the good rows and counts the bad", header + "50,120,2,<=20,1,x\nNaN,120,2,<=20,1,x\n60,100,9,<=20,0,x\n61,100,3,<=20,0,x\n", ReadOptions{Truth: true, SkipBad: true}, "", 2, 2},
		{"a duplicated header column is refused", "age,age,glucose,cp,size,y\n", ReadOptions{}, `column "age": appears twice`, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := s.Read(strings.NewReader(tt.csv), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(tab.Inputs) != tt.rows || len(tab.Skipped) != tt.skipped {
				t.Fatalf("kept %d, skipped %d; want %d, %d", len(tab.Inputs), len(tab.Skipped), tt.rows, tt.skipped)
			}
			for i, in := range tab.Inputs {
				if _, err := s.ParseJSON("check", in); err != nil {
					t.Errorf("row %d: the JSON made from the CSV does not parse back: %v (%s)", tab.Rows[i], err, in)
				}
			}
			if tt.opts.Truth && len(tab.Truth) != len(tab.Inputs) {
				t.Errorf("%d truths for %d inputs", len(tab.Truth), len(tab.Inputs))
			}
		})
	}
}

func TestReadKeepsWhatTheFileSaid(t *testing.T) {
	tab, err := testSchema().Read(strings.NewReader("age,glucose,cp,size\n50,0,2,35\n51,?,3,>50\n"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"age":50,"glucose":0,"cp":2,"size":35}`,
		`{"age":51,"glucose":null,"cp":3,"size":">50"}`,
	}
	for i, w := range want {
		if string(tab.Inputs[i]) != w {
			t.Errorf("row %d = %s, want %s", i+1, tab.Inputs[i], w)
		}
	}
}

func FuzzParseJSON(f *testing.F) {
	s := testSchema()
	f.Add([]byte(`{"age":50,"glucose":120,"cp":2,"size":"20-50"}`))
	f.Add([]byte(`{"age":"1e400","size":null}`))
	f.Add([]byte(`{"age":50,"glucose":0,"cp":2,"size":-1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := s.ParseJSON("fuzz", in)
		if err != nil {
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid {
				t.Fatalf("error %v is not an Invalid clinical.Error", err)
			}
			return
		}
		for i, v := range r.Values {
			if !r.Missing[i] && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("field %d accepted %v", i, v)
			}
		}
	})
}

func FuzzRead(f *testing.F) {
	s := testSchema()
	f.Add("age,glucose,cp,size,y\n50,120,2,<=20,1\n", true)
	f.Add("age,glucose,cp,size,y\n\"50,120,2,<=20,1\n", false)
	f.Add("y,size,cp,glucose,age\n1,30,4,0,99\n", true)
	f.Fuzz(func(t *testing.T, in string, skip bool) {
		tab, err := s.Read(strings.NewReader(in), ReadOptions{Truth: true, SkipBad: skip})
		if err != nil {
			return
		}
		for i, js := range tab.Inputs {
			if _, err := s.ParseJSON("fuzz", js); err != nil {
				t.Fatalf("row %d: accepted CSV row gives JSON that does not parse: %s: %v", tab.Rows[i], js, err)
			}
		}
	})
}
