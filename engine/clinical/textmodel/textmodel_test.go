package textmodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// A small synthetic corpus: four "diseases" described by patients in
// templated sentences, enough for a model to learn in a second without any
// data set.
var symptomsOf = map[string][]string{
	"Malaria":   {"a high fever", "chills", "heavy sweating", "a fever that comes and goes", "shivering", "fever and vomiting"},
	"Psoriasis": {"a rash on my arms", "itchy scaly patches", "dry cracked skin", "silvery plaques on my elbows", "a red rash", "flaky skin on my scalp"},
	"Migraine":  {"a throbbing headache", "blurred vision", "sensitivity to light", "a headache behind my eyes", "nausea with the headache", "flashing lights"},
	"Cold":      {"a runny nose", "sneezing", "a sore throat", "a blocked nose", "a mild cough", "no energy"},
}

var templates = []string{"I have %s and %s.", "For two days I've had %s, and also %s.", "My problem is %s with %s.", "I noticed %s and then %s."}

func syntheticExamples(n int) []Example {
	rng := engine.NewRand(7)
	var ex []Example
	for _, label := range []string{"Cold", "Malaria", "Migraine", "Psoriasis"} {
		s := symptomsOf[label]
		for i := 0; i < n; i++ {
			a, b := s[rng.IntN(len(s))], s[rng.IntN(len(s))]
			ex = append(ex, Example{Text: fmt.Sprintf(templates[rng.IntN(len(templates))], a, b), Label: label})
		}
	}
	return ex
}

func testSpec() *TaskSpec {
	return &TaskSpec{
		Name: "toy", Version: "0.0.1", MaxRunes: 2000, MinConfidence: 0.5, DropUnasserted: true,
		Columns: Columns{Label: "label", Text: []string{"text"}},
		Config: Config{Embed: 12, Hidden: 12, Attention: 8, Dropout: 0.1, MinCount: 1, MaxVocab: 500,
			WideMinDF: 1, WideMax: 2000, Bigrams: true, Epochs: 12, Batch: 16, LR: 0.01, WideLR: 0.05, Members: 2},
	}
}

var (
	toyOnce    sync.Once
	toyWeights []byte
	toyCard    clinical.Card
	toyErr     error
)

func trainToy() {
	tr, err := testSpec().trainExamples(syntheticExamples(25), task.Config{Seed: 3})
	if err != nil {
		toyErr = err
		return
	}
	toyWeights, toyCard = tr.Weights, tr.Card
}

// toyModel trains the synthetic model once for all tests.
func toyModel(t *testing.T) *predictor {
	t.Helper()
	toyOnce.Do(trainToy)
	if toyErr != nil {
		t.Fatal(toyErr)
	}
	p, err := newPredictor(toyWeights, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func probOf(p *clinical.TextPrediction, label string) float64 {
	for _, c := range p.Classes {
		if c.Label == label {
			return c.Prob
		}
	}
	return math.NaN()
}

func TestToyModelLearns(t *testing.T) {
	p := toyModel(t)
	tests := []struct{ text, want string }{
		{"I have a high fever and chills.", "Malaria"},
		{"I noticed itchy scaly patches on my elbows.", "Psoriasis"},
		{"a throbbing headache and sensitivity to light", "Migraine"},
		{"sneezing and a runny nose", "Cold"},
	}
	for _, tt := range tests {
		t.Run("it reads "+tt.want, func(t *testing.T) {
			got := p.PredictText(tt.text)
			if got.Classes[0].Label != tt.want {
				t.Errorf("%q -> %v, want %s", tt.text, got.Classes[:2], tt.want)
			}
		})
	}
	if toyCard.Metrics[0].Name != "accuracy" || toyCard.Metrics[0].Value < 0.9 {
		t.Errorf("card metrics %+v: the toy task should be learned", toyCard.Metrics)
	}
}

// The example: a negated finding must not count as present.
func TestNegatedFindingsDoNotCount(t *testing.T) {
	p := toyModel(t)
	base := p.PredictText("I have a rash on my arms.")
	negated := p.PredictText("I have a rash on my arms but no fever.")
	affirmed := p.PredictText("I have a rash on my arms and a high fever.")
	t.Run("a negated fever does not push towards the fever disease", func(t *testing.T) {
		if got, was := probOf(negated, "Malaria"), probOf(base, "Malaria"); got > was+0.02 {
			t.Errorf("P(Malaria) with \"no fever\" = %.3f, without mentioning fever = %.3f", got, was)
		}
		if negated.Classes[0].Label != "Psoriasis" {
			t.Errorf("top class = %s, want Psoriasis", negated.Classes[0].Label)
		}
	})
	t.Run("the same fever affirmed does push towards it", func(t *testing.T) {
		if got, was := probOf(affirmed, "Malaria"), probOf(negated, "Malaria"); got < was+0.01 {
			t.Errorf("P(Malaria) affirmed %.3f vs negated %.3f: the test could not tell them apart", got, was)
		}
	})
	t.Run("the negated finding is reported with its context", func(t *testing.T) {
		found := false
		for _, f := range negated.Findings {
			if f.Concept == "fever" && f.Negation == "negated" {
				found = true
			}
		}
		if !found {
			t.Errorf("findings %+v lack a negated fever", negated.Findings)
		}
		for _, tok := range negated.Tokens {
			if strings.EqualFold(tok.Text, "fever") {
				t.Errorf("the negated word %q was read by the model", tok.Text)
			}
		}
	})
	t.Run("someone else's finding does not count either", func(t *testing.T) {
		other := p.PredictText("I have a rash on my arms. My mother has a fever.")
		if got, was := probOf(other, "Malaria"), probOf(base, "Malaria"); got > was+0.02 {
			t.Errorf("P(Malaria) with the mother's fever = %.3f, without = %.3f", got, was)
		}
	})
}

func TestPrepareDropsUnassertedFindings(t *testing.T) {
	prep, err := newPreprocessor(pipelineSpec, true)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		keep, drop []string
	}{
		{"a negated finding is dropped with its cue", "rash on my arms but no fever", []string{"rash", "arm"}, []string{"fever", "no"}},
		{"a denied finding is dropped with its cue", "I deny any fever. I have a rash.", []string{"rash"}, []string{"fever", "deni"}},
		{"a family member's finding is dropped", "My father has diabetes. I have a cough.", []string{"cough"}, []string{"diabet"}},
		{"an affirmed finding is kept", "I have a fever and a cough", []string{"fever", "cough"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := termTexts(prep.Prepare(tt.text).Terms)
			for _, w := range tt.keep {
				if !contains(got, w) {
					t.Errorf("terms %v lack %q", got, w)
				}
			}
			for _, w := range tt.drop {
				if contains(got, w) {
					t.Errorf("terms %v still hold %q", got, w)
				}
			}
		})
	}
}

func contains(s []string, w string) bool {
	for _, x := range s {
		if x == w {
			return true
		}
	}
	return false
}

func TestPredictBadInputs(t *testing.T) {
	p := toyModel(t)
	huge := `{"text":"` + strings.Repeat("fever ", 1<<20/6) + `"}`
	tests := []struct {
		name      string
		in        string
		wantField string // error expected on this field ("-" for the whole input)
		uncertain bool
	}{
		{"an empty text is refused", `{"text":""}`, "text", false},
		{"blank space is refused", `{"text":"  \n\t "}`, "text", false},
		{"a missing text is refused", `{}`, "text", false},
		{"a number is refused", `{"text":42}`, "text", false},
		{"an unknown field is named", `{"txt":"fever"}`, "txt", false},
		{"JSON that is not an object is refused", `["fever"]`, "-", false},
		{"malformed JSON is refused", `{"text":`, "-", false},
		{"trailing data is refused", `{"text":"fever"} {}`, "-", false},
		{"a stray closing brace is refused", `{"text":"fever"}}`, "-", false},
		{"invalid UTF-8 is refused", "{\"text\":\"fever \xff\xfe\"}", "text", false},
		{"a 1 MB text is refused with the limit", huge, "text", false},
		{"emoji only is uncertain", `{"text":"🤒🤧😷"}`, "", true},
		{"another script is uncertain", `{"text":"我发烧头痛"}`, "", true},
		{"gibberish is uncertain", `{"text":"qwzx plorb frangle"}`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := p.Predict([]byte(tt.in))
			if tt.wantField != "" {
				var ce *clinical.Error
				if !errors.As(err, &ce) || ce.Kind != clinical.Invalid {
					t.Fatalf("err = %v, want an invalid-input error", err)
				}
				if tt.wantField != "-" && ce.Field != tt.wantField {
					t.Errorf("field = %q, want %q (%v)", ce.Field, tt.wantField, err)
				}
				if len(err.Error()) > 300 {
					t.Errorf("message too long for a person: %d bytes", len(err.Error()))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pred := out.(*clinical.TextPrediction)
			if pred.Uncertain != tt.uncertain || (tt.uncertain && pred.Note == nil) {
				t.Errorf("uncertain = %v note %v, want %v with a note", pred.Uncertain, pred.Note, tt.uncertain)
			}
			if len(pred.Classes) != 4 {
				t.Errorf("%d classes, want all 4", len(pred.Classes))
			}
		})
	}
}

func TestPredictionExplains(t *testing.T) {
	p := toyModel(t)
	text := "Fièvre? No: I’ve had a THROBBING headache 🤕 and blurred vision.."
	pred := p.PredictText(text)
	var sum, probs float64
	runes := []rune(text)
	for _, tok := range pred.Tokens {
		if text[tok.ByteStart:tok.ByteEnd] != tok.Text || string(runes[tok.Start:tok.End]) != tok.Text {
			t.Errorf("token %+v does not match its offsets", tok)
		}
		sum += tok.Weight
	}
	if math.Abs(sum-1) > 1e-4 {
		t.Errorf("attention sums to %v, want 1", sum)
	}
	for i, c := range pred.Classes {
		probs += c.Prob
		if i > 0 && c.Prob > pred.Classes[i-1].Prob {
			t.Errorf("classes are not sorted by probability: %v", pred.Classes)
		}
	}
	if math.Abs(probs-1) > 1e-4 {
		t.Errorf("probabilities sum to %v", probs)
	}
	if pred.Note != nil && pred.Note.Code == "" {
		t.Error("a note without a code")
	}
}

func TestTrainingIsReproducible(t *testing.T) {
	spec := testSpec()
	spec.Config.Epochs, spec.Config.Members = 3, 1
	ex := syntheticExamples(8)
	a, err := spec.trainExamples(ex, task.Config{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := spec.trainExamples(ex, task.Config{Seed: 5})
	c, _ := spec.trainExamples(ex, task.Config{Seed: 6})
	if !bytes.Equal(a.Weights, b.Weights) {
		t.Error("the same seed gave different weights")
	}
	if bytes.Equal(a.Weights, c.Weights) {
		t.Error("a different seed gave the same weights")
	}
}

func TestReadCSV(t *testing.T) {
	cols := Columns{Label: "specialty", Text: []string{"description", "transcription"}}
	tests := []struct {
		name    string
		csv     string
		skipBad bool
		wantErr string
		rows    int
	}{
		{"good rows are read", "specialty,description,transcription\nUrology,Cysto.,Bladder normal.\n", false, "", 1},
		{"a missing column is named", "specialty,description\nUrology,Cysto.\n", false, `column "transcription"`, 0},
		{"an empty note is an error naming the row", "specialty,description,transcription\nUrology,Cysto.,x\nUrology,,\n", false, "row 2", 0},
		{"with skip-bad the empty note is skipped", "specialty,description,transcription\nUrology,Cysto.,x\nUrology,,\n", true, "", 1},
		{"invalid UTF-8 names its column", "specialty,description,transcription\nUrology,\xff,x\n", false, `column "description"`, 0},
		{"an empty file is refused", "", false, "empty", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := readCSV(strings.NewReader(tt.csv), cols, 1000, task.ReadOptions{Truth: true, SkipBad: tt.skipBad})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Inputs) != tt.rows {
				t.Errorf("%d rows, want %d", len(tab.Inputs), tt.rows)
			}
		})
	}
}

func TestLongNotesAreReadBySection(t *testing.T) {
	prep, err := newPreprocessor(pipelineSpec, false)
	if err != nil {
		t.Fatal(err)
	}
	prep.MaxRead = 8
	note := "Cataract surgery note.\nSOCIAL HISTORY: Smokes cigarettes, drinks wine, works as a carpenter, lives with wife, walks daily.\n" +
		"MEDICATIONS: Aspirin, metformin, lisinopril, atorvastatin.\nDIAGNOSIS: Dense nuclear cataract."
	got := termTexts(prep.Prepare(note).Read)
	if len(got) != 8 {
		t.Fatalf("read %d terms %v, want 8", len(got), got)
	}
	for _, w := range []string{"cataract", "dens", "nuclear"} {
		if !contains(got, w) {
			t.Errorf("read %v: the diagnosis term %q was cut for generic sections", got, w)
		}
	}
	if contains(got, "metformin") {
		t.Errorf("read %v: medications were read before the diagnosis", got)
	}
	prep.MaxRead = 0
	if all := prep.Prepare(note); len(all.Read) != len(all.Terms) {
		t.Errorf("without a cap the whole note is read: %d of %d terms", len(all.Read), len(all.Terms))
	}
}

func TestLateFusionLearns(t *testing.T) {
	spec := testSpec()
	spec.Config.LateFusion, spec.Config.WideEpochs, spec.Config.RNNWeight = true, 10, 0.5
	spec.Config.Members = 1
	tr, err := spec.trainExamples(syntheticExamples(20), task.Config{Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPredictor(tr.Weights, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.PredictText("itchy scaly patches and flaky skin on my scalp"); got.Classes[0].Label != "Psoriasis" {
		t.Errorf("top classes %v, want Psoriasis", got.Classes[:2])
	}
	if !strings.Contains(tr.Card.Architecture, "trained on its own") {
		t.Errorf("the card does not describe the late fusion: %s", tr.Card.Architecture)
	}
}

// FuzzPredict feeds arbitrary inputs to a trained model: every input gets a
// prediction or an invalid-input error, never an internal error or a panic,
// and every token offset lies inside the text.
func FuzzPredict(f *testing.F) {
	for _, s := range []string{`{"text":"fever and chills"}`, `{"text":""}`, `{"text":"days.."}`, "{\"text\":\"\xff\"}", `[]`, `{"text":"🤒 no fever"}`, `{"text":"Ⅻ\u0301 b.i.d. 38.5°C"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p := toyModel(t)
		out, err := p.Predict(in)
		if err != nil {
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid {
				t.Fatalf("input %q: %v", in, err)
			}
			return
		}
		pred := out.(*clinical.TextPrediction)
		var text struct{ Text string }
		json.Unmarshal(in, &text)
		for _, tok := range pred.Tokens {
			if tok.ByteStart < 0 || tok.ByteEnd > len(text.Text) || tok.ByteStart >= tok.ByteEnd || text.Text[tok.ByteStart:tok.ByteEnd] != tok.Text {
				t.Fatalf("input %q: token %+v outside the text", in, tok)
			}
		}
	})
}

func TestInt8Model(t *testing.T) {
	float := toyModel(t)
	spec := testSpec()
	spec.Config.Int8 = true
	tr, err := spec.trainExamples(syntheticExamples(25), task.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	small, err := newPredictor(tr.Weights, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the embedding and wide weights take about a quarter of their float32 bytes", func(t *testing.T) {
		size := func(w []byte) (n int) {
			f, err := safetensors.Decode(w)
			if err != nil {
				t.Fatal(err)
			}
			for _, tn := range f.Tensors {
				if strings.Contains(tn.Name, "emb.weight") || strings.Contains(tn.Name, "wide.weight") {
					n += len(tn.Data)
				}
			}
			return n
		}
		if a, b := size(toyWeights), size(tr.Weights); b == 0 || 3*b > a {
			t.Fatalf("int8 %d bytes, float32 %d", b, a)
		}
	})
	t.Run("the card says the weights are int8", func(t *testing.T) {
		if !strings.Contains(tr.Card.Architecture, "int8") {
			t.Fatalf("architecture %q", tr.Card.Architecture)
		}
	})
	for _, text := range []string{"I have a high fever and chills.", "I noticed itchy scaly patches on my elbows.", "a throbbing headache and sensitivity to light", "a runny nose and sneezing"} {
		t.Run(fmt.Sprintf("%q gets the same answer from both", text), func(t *testing.T) {
			a, b := float.PredictText(text), small.PredictText(text)
			if a.Classes[0].Label != b.Classes[0].Label {
				t.Fatalf("float32 %q, int8 %q", a.Classes[0].Label, b.Classes[0].Label)
			}
			if d := math.Abs(a.Classes[0].Prob - b.Classes[0].Prob); d > 0.05 {
				t.Errorf("top probability %v vs %v", a.Classes[0].Prob, b.Classes[0].Prob)
			}
		})
	}
}
