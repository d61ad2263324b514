package textmodel

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/nlp"
)

// maxMembers caps the ensemble a file may ask for; the shipped models have
// three, and each member costs a full forward pass per prediction.
const maxMembers = 64

// maxRunesCap bounds the input limit a header may declare, so that a file
// cannot make the app accept a text of any size.
const maxRunesCap = 1 << 22

// decode checks the whole weights file (see the package doc) and loads the
// model. Any failure, even a panic on bytes no check foresaw, is a
// *clinical.Error of kind Corrupt: the weights come from outside the
// program and must not take it down.
func decode(data []byte) (m *model, err error) {
	op := "load text model"
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("internal error: %v", r)
		}
		if err != nil {
			m, err = nil, &clinical.Error{Op: op, Kind: clinical.Corrupt, Err: err}
		}
	}()
	f, err := safetensors.Decode(data)
	if err != nil {
		return nil, err
	}
	h, err := readHeader(f)
	if err != nil {
		return nil, err
	}
	op = "load " + h.Name
	m = &model{fileHeader: h}
	if m.vocab, err = vocabulary(f, clinical.MetaVocab); err != nil {
		return nil, err
	}
	cfg, err := textnet.ReadConfig(f)
	if err != nil {
		return nil, err
	}
	classes := len(h.Labels)
	if cfg.Classes != classes {
		return nil, fmt.Errorf("the network has %d outputs for %d labels", cfg.Classes, classes)
	}
	if cfg.Vocab != m.vocab.Len() {
		return nil, fmt.Errorf("the network embeds %d words, the vocabulary has %d", cfg.Vocab, m.vocab.Len())
	}
	if _, ok := f.Metadata[clinical.MetaWideVocab]; ok {
		wv, err := vocabulary(f, clinical.MetaWideVocab)
		if err != nil {
			return nil, err
		}
		idf, err := floats(f, "wide.idf", wv.Len())
		if err != nil {
			return nil, err
		}
		w := &wideBranch{Vocab: wv, Bigrams: h.Bigrams, TFIDF: &engine.TFIDF{IDF: make([]float64, len(idf))}}
		for i, v := range idf {
			if !(v >= 0) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("tensor \"wide.idf\": feature %d has IDF %v, want a finite value >= 0", i, v)
			}
			w.TFIDF.IDF[i] = float64(v)
		}
		m.wide = w
	}
	if err := checkTensors(f, h.Members, cfg, m.wide != nil); err != nil {
		return nil, err
	}
	for k := 0; k < h.Members; k++ {
		prefix := "m" + strconv.Itoa(k) + "."
		sub := &safetensors.File{Metadata: map[string]string{clinical.MetaTextConfig: f.Metadata[clinical.MetaTextConfig]}}
		for _, t := range f.Tensors {
			if name, ok := strings.CutPrefix(t.Name, prefix); ok {
				t.Name = name
				sub.Tensors = append(sub.Tensors, t)
			}
		}
		net, err := textnet.Load32(sub)
		if err != nil {
			return nil, fmt.Errorf("member %d: %w", k, err)
		}
		mb := member32{net: net}
		if m.wide != nil {
			if mb.wideW, err = engine.Weights32(sub, "wide.weight", classes, m.wide.Dim()); err != nil {
				return nil, fmt.Errorf("member %d: %w", k, err)
			}
			if mb.wideB, err = floats(sub, "wide.bias", classes); err != nil {
				return nil, fmt.Errorf("member %d: %w", k, err)
			}
		}
		m.members = append(m.members, mb)
	}
	m.logits = make([]float32, classes)
	m.sumProb = make([]float64, classes)
	return m, nil
}

// readHeader parses clinical.MetaTextHeader and checks every field a
// prediction relies on.
func readHeader(f *safetensors.File) (fileHeader, error) {
	var h fileHeader
	raw, ok := f.Metadata[clinical.MetaTextHeader]
	if !ok {
		return h, fmt.Errorf("no %q metadata: not a text model", clinical.MetaTextHeader)
	}
	if err := unmarshalHeader([]byte(raw), &h); err != nil {
		return h, fmt.Errorf("metadata %q: %v", clinical.MetaTextHeader, err)
	}
	bad := func(format string, a ...any) (fileHeader, error) {
		return h, fmt.Errorf("metadata %q: "+format, append([]any{clinical.MetaTextHeader}, a...)...)
	}
	switch {
	case strings.TrimSpace(h.Name) == "":
		return bad("no model name")
	case len(h.Labels) < 2:
		return bad("%d labels, want at least 2", len(h.Labels))
	case h.Members < 1 || h.Members > maxMembers:
		return bad("%d members, want 1 to %d", h.Members, maxMembers)
	case !(h.Temperature > 0) || math.IsInf(h.Temperature, 0):
		return bad("temperature %v, want a finite value > 0", h.Temperature)
	case !(h.MinConfidence >= 0 && h.MinConfidence <= 1):
		return bad("min_confidence %v, want 0 to 1", h.MinConfidence)
	case h.MaxRunes < 1 || h.MaxRunes > maxRunesCap:
		return bad("max_runes %d, want 1 to %d", h.MaxRunes, maxRunesCap)
	case h.MaxTokens < 0:
		return bad("max_tokens %d, want >= 0", h.MaxTokens)
	}
	seen := map[string]bool{}
	for i, l := range h.Labels {
		if strings.TrimSpace(l) == "" || seen[l] {
			return bad("label %d (%q) is empty or repeated", i, l)
		}
		seen[l] = true
	}
	if _, err := newPreprocessor(h.Spec, false); err != nil {
		return bad("pipeline: %v", err)
	}
	return h, nil
}

func vocabulary(f *safetensors.File, key string) (*nlp.Vocabulary, error) {
	raw, ok := f.Metadata[key]
	if !ok {
		return nil, fmt.Errorf("no %q metadata", key)
	}
	v, err := nlp.ParseVocabulary([]byte(raw))
	if err != nil {
		return nil, fmt.Errorf("metadata %q: %v", key, err)
	}
	return v, nil
}

// checkTensors refuses a file whose tensors are not exactly those of its
// members (a tensor of a member the header does not count, a scale without
// int8 rows, a stray name) or hold a value that is not finite. Shapes are
// checked as each member loads.
func checkTensors(f *safetensors.File, members int, cfg textnet.Config, wide bool) error {
	want := map[string]bool{}
	if wide {
		want["wide.idf"] = true
	}
	names := make([]string, 0, 16)
	for name := range textnet.Shapes(cfg) {
		names = append(names, name)
	}
	if wide {
		names = append(names, "wide.weight", "wide.bias")
	}
	for k := 0; k < members; k++ {
		for _, n := range names {
			want["m"+strconv.Itoa(k)+"."+n] = true
		}
	}
	for _, t := range f.Tensors {
		if !want[t.Name] {
			base, isScale := strings.CutSuffix(t.Name, engine.ScaleSuffix)
			if bt, ok := f.Tensor(base); !isScale || !want[base] || !ok || bt.DType != safetensors.I8 {
				return fmt.Errorf("unexpected tensor %q for %d members", t.Name, members)
			}
		}
		if t.DType == safetensors.I8 {
			// the values are bounded; Weights32 checks the row scales
			if !want[t.Name] || len(t.Shape) != 2 {
				return fmt.Errorf("tensor %q is int8; only 2-D weights may be", t.Name)
			}
			continue
		}
		v, err := t.Float32()
		if err != nil {
			return err
		}
		for i, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("tensor %q: value %d is %v", t.Name, i, x)
			}
		}
	}
	for name := range want {
		if _, ok := f.Tensor(name); !ok {
			return fmt.Errorf("no tensor %q", name)
		}
	}
	return nil
}

func floats(f *safetensors.File, name string, n int) ([]float32, error) {
	t, ok := f.Tensor(name)
	if !ok {
		return nil, fmt.Errorf("no tensor %q", name)
	}
	if len(t.Shape) != 1 || t.Len() != n {
		return nil, fmt.Errorf("tensor %q has shape %v, want [%d]", name, t.Shape, n)
	}
	return t.Float32()
}
