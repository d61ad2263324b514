package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// benchModel is one model as every engine sees it: Bedside's weights file,
// the ONNX graph carrying the same weights, and fixed inputs.
type benchModel struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // "mlp" or "text"
	Tokens int    `json:"tokens,omitempty"`
	Source string `json:"source"` // where the weights came from
	// Shapes for the JS side.
	In     int                `json:"in,omitempty"` // MLP input width
	Out    int                `json:"out"`          // logits per example
	Layers []engine.LayerSpec `json:"layers,omitempty"`
	Text   *textnet.Config    `json:"text,omitempty"`
	Params int                `json:"params"`

	weights []byte
	onnx    []byte
	// Parity inputs (the first is also the latency input) and a batch of
	// 32 for throughput: float32 rows for the MLP, token ids for text.
	XF [][]float32 `json:"-"`
	XI [][]int32   `json:"-"`
	BF [][]float32 `json:"-"`
	BI [][]int32   `json:"-"`
}

const (
	parityN = 4
	batchN  = 32
)

// Architectures used when no trained file is present, and the large text
// model (always random: it exists to measure scaling, not to predict).
var (
	wdbcStandIn = []int{30, 16, 8, 1} // engine/tabular wdbc: hidden 16, 8
	// engine/symptom's recipe (embed, hidden, attention 32; vocabulary of
	// words seen twice in 922 texts, capped at 4000; 24 diseases).
	symptomStandIn = textnet.Config{Vocab: 2000, Embed: 32, Hidden: 32, Attention: 32, Classes: 24}
	// Twice as wide, four times the vocabulary, run at 256 tokens.
	largeText = textnet.Config{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24}
)

// loadModels reads or makes the three models. models/ is web/models.
func loadModels(modelsDir string, names []string) ([]*benchModel, error) {
	var out []*benchModel
	for _, n := range names {
		var m *benchModel
		var err error
		switch n {
		case "wdbc":
			m, err = wdbcModel(modelsDir)
		case "symptom":
			m, err = textModel("symptom", modelsDir+"/symptom.safetensors", symptomStandIn, 64)
		case "large":
			m, err = textModel("large", "", largeText, 256)
		default:
			err = fmt.Errorf("unknown model %q (want wdbc, symptom, large)", n)
		}
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", n, err)
		}
		out = append(out, m)
	}
	return out, nil
}

func wdbcModel(dir string) (*benchModel, error) {
	m := &benchModel{Name: "wdbc", Kind: "mlp"}
	path := dir + "/wdbc.safetensors"
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		m.weights, err = firstMember(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m.Source = path + " (trained; ensemble member m0)"
	case os.IsNotExist(err):
		var buf bytes.Buffer
		net := engine.NewMLP(engine.NewRand(7), wdbcStandIn, "relu", 0)
		if err := net.Save(&buf, nil); err != nil {
			return nil, err
		}
		m.weights = buf.Bytes()
		m.Source = fmt.Sprintf("random weights, wdbc architecture %v (%s absent)", wdbcStandIn, path)
	default:
		return nil, err
	}
	f, err := safetensors.Decode(m.weights)
	if err != nil {
		return nil, err
	}
	net, err := engine.LoadMLP32(f)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(f.Metadata[engine.MetaLayers]), &m.Layers); err != nil {
		return nil, err
	}
	m.In, m.Out = net.In(), net.Out()
	for _, l := range net.Layers {
		m.Params += len(l.W) + len(l.B)
	}
	rng := engine.NewRand(11)
	m.XF = randRows(rng, parityN, m.In)
	m.BF = randRows(rng, batchN, m.In)
	m.onnx = mlpONNX(net, m.Layers)
	return m, nil
}

// firstMember turns an ensemble file (tensors "m<k>.*", specs under
// "bedside.layers") into a plain Sequential file of member 0, or returns a
// plain Sequential file unchanged.
func firstMember(raw []byte) ([]byte, error) {
	f, err := safetensors.Decode(raw)
	if err != nil {
		return nil, err
	}
	if _, ok := f.Metadata[engine.MetaLayers]; ok {
		return raw, nil
	}
	specs, ok := f.Metadata["bedside.layers"]
	if !ok {
		return nil, fmt.Errorf("neither %q nor bedside.layers metadata", engine.MetaLayers)
	}
	out := &safetensors.File{Metadata: map[string]string{engine.MetaLayers: specs}}
	for _, t := range f.Tensors {
		if name, ok := strings.CutPrefix(t.Name, "m0."); ok {
			t.Name = name
			out.Tensors = append(out.Tensors, t)
		}
	}
	var buf bytes.Buffer
	if err := safetensors.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func textModel(name, path string, standIn textnet.Config, T int) (*benchModel, error) {
	m := &benchModel{Name: name, Kind: "text", Tokens: T}
	var raw []byte
	var err error
	if path != "" {
		raw, err = os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	if raw != nil {
		m.weights, err = textMember(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m.Source = path + " (trained)"
	} else {
		var buf bytes.Buffer
		if err := textnet.New(engine.NewRand(5), standIn).Save(&buf, nil); err != nil {
			return nil, err
		}
		m.weights = buf.Bytes()
		m.Source = fmt.Sprintf("random weights, config %+v", standIn)
		if path != "" {
			m.Source += fmt.Sprintf(" (%s absent)", path)
		}
	}
	f, err := safetensors.Decode(m.weights)
	if err != nil {
		return nil, err
	}
	net, err := textnet.Load32(f)
	if err != nil {
		return nil, err
	}
	c := net.Config
	m.Text, m.Out = &c, c.Classes
	for _, t := range f.Tensors {
		m.Params += t.Len()
	}
	rng := engine.NewRand(13)
	m.XI = randIDs(rng, parityN, T, c.Vocab)
	m.BI = randIDs(rng, batchN, T, c.Vocab)
	m.onnx, err = textONNX(f, c)
	return m, err
}

// textMember accepts a textnet.Classifier file, or an ensemble whose members'
// tensors are prefixed "m0." etc. with the config under clinical.MetaTextConfig, and
// returns member 0 with every weight as F32: the peers' loaders read F32
// only, so int8 rows are expanded here (the same float32 values the Go
// engine computes from them).
func textMember(raw []byte) ([]byte, error) {
	f, err := safetensors.Decode(raw)
	if err != nil {
		return nil, err
	}
	cfg, ok := f.Metadata[clinical.MetaTextConfig]
	if !ok {
		return nil, fmt.Errorf("no %q metadata", clinical.MetaTextConfig)
	}
	prefix := "m0."
	if _, ok := f.Tensor("emb.weight"); ok {
		prefix = ""
	}
	out := &safetensors.File{Metadata: map[string]string{clinical.MetaTextConfig: cfg}}
	for _, t := range f.Tensors {
		name, ok := strings.CutPrefix(t.Name, prefix)
		if !ok {
			continue
		}
		if base, ok := strings.CutSuffix(t.Name, engine.ScaleSuffix); ok {
			if b, ok := f.Tensor(base); ok && b.DType == safetensors.I8 {
				continue
			}
		}
		if t.DType == safetensors.I8 {
			v, err := engine.Weights32(f, t.Name, t.Shape...)
			if err != nil {
				return nil, err
			}
			t = safetensors.NewF32(t.Name, t.Shape, v)
		}
		t.Name = name
		out.Tensors = append(out.Tensors, t)
	}
	var buf bytes.Buffer
	if err := safetensors.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func randRows(rng *rand.Rand, n, d int) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, d)
		for j := range out[i] {
			out[i][j] = float32(rng.NormFloat64())
		}
	}
	return out
}

func randIDs(rng *rand.Rand, n, T, vocab int) [][]int32 {
	out := make([][]int32, n)
	for i := range out {
		out[i] = make([]int32, T)
		for j := range out[i] {
			out[i][j] = int32(1 + rng.IntN(vocab-1))
		}
	}
	return out
}

func mlpONNX(net *engine.MLP32, specs []engine.LayerSpec) []byte {
	g := &graph{name: "mlp"}
	g.inputs = []valueInfo{{name: "x", dtype: onnxFloat, dims: []int64{-1, int64(net.In())}, syms: []string{"batch", ""}}}
	cur := "x"
	li := 0
	for i, sp := range specs {
		next := fmt.Sprintf("h%d", i)
		switch sp.Kind {
		case "dense":
			l := net.Layers[li]
			li++
			w, b := sp.Name+".weight", sp.Name+".bias"
			g.inits = append(g.inits, floatInit(w, l.W, int64(l.Out), int64(l.In)), floatInit(b, l.B, int64(l.Out)))
			g.nodes = append(g.nodes, node{op: "Gemm", inputs: []string{cur, w, b}, outputs: []string{next}, attrs: []attr{iattr("transB", 1)}})
		case "relu", "sigmoid", "tanh":
			op := map[string]string{"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh"}[sp.Kind]
			g.nodes = append(g.nodes, node{op: op, inputs: []string{cur}, outputs: []string{next}})
		case "softmax":
			g.nodes = append(g.nodes, node{op: "Softmax", inputs: []string{cur}, outputs: []string{next}, attrs: []attr{iattr("axis", 1)}})
		default: // dropout: identity at inference
			continue
		}
		cur = next
	}
	g.nodes[len(g.nodes)-1].outputs = []string{"logits"}
	g.outputs = []valueInfo{{name: "logits", dtype: onnxFloat, dims: []int64{-1, int64(net.Out())}, syms: []string{"batch", ""}}}
	return g.model()
}

// textONNX builds embedding → bidirectional GRU → additive attention →
// dense as ONNX ops. ONNX's GRU with linear_before_reset=1 is PyTorch's
// (and Bedside's) GRU, with the gates in z, r, h order instead of r, z, n.
func textONNX(f *safetensors.File, c textnet.Config) ([]byte, error) {
	get := func(name string) []float32 {
		t, _ := f.Tensor(name)
		v, _ := t.Float32()
		return v
	}
	for _, n := range []string{"emb.weight", "rnn.fwd.weight_ih", "rnn.fwd.weight_hh", "rnn.fwd.bias_ih", "rnn.fwd.bias_hh",
		"rnn.bwd.weight_ih", "rnn.bwd.weight_hh", "rnn.bwd.bias_ih", "rnn.bwd.bias_hh", "att.weight", "att.bias", "att.v", "out.weight", "out.bias"} {
		if _, ok := f.Tensor(n); !ok {
			return nil, fmt.Errorf("no tensor %q", n)
		}
	}
	H, E, A, C, D := c.Hidden, c.Embed, c.Attention, c.Classes, 2*c.Hidden
	// zrh reorders rows of a [3H, k] PyTorch (r, z, n) block.
	zrh := func(w []float32, k int) []float32 {
		out := make([]float32, 0, len(w))
		out = append(out, w[H*k:2*H*k]...) // z
		out = append(out, w[:H*k]...)      // r
		return append(out, w[2*H*k:]...)   // n
	}
	var W, R, B []float32
	for _, d := range []string{"fwd", "bwd"} {
		p := "rnn." + d + "."
		W = append(W, zrh(get(p+"weight_ih"), E)...)
		R = append(R, zrh(get(p+"weight_hh"), H)...)
		B = append(B, zrh(get(p+"bias_ih"), 1)...)
		B = append(B, zrh(get(p+"bias_hh"), 1)...)
	}
	attW := get("att.weight") // [A, D] → transposed [D, A] for MatMul
	attWT := make([]float32, len(attW))
	for a := 0; a < A; a++ {
		for d := 0; d < D; d++ {
			attWT[d*A+a] = attW[a*D+d]
		}
	}
	g := &graph{name: "text"}
	g.inputs = []valueInfo{{name: "ids", dtype: onnxInt32, dims: []int64{-1, -1}, syms: []string{"batch", "tokens"}}}
	g.outputs = []valueInfo{{name: "logits", dtype: onnxFloat, dims: []int64{-1, int64(C)}, syms: []string{"batch", ""}}}
	g.inits = []initializer{
		floatInit("emb", get("emb.weight"), int64(c.Vocab), int64(E)),
		floatInit("W", W, 2, int64(3*H), int64(E)),
		floatInit("R", R, 2, int64(3*H), int64(H)),
		floatInit("B", B, 2, int64(6*H)),
		floatInit("attWT", attWT, int64(D), int64(A)),
		floatInit("attB", get("att.bias"), int64(A)),
		floatInit("attV", get("att.v"), int64(A), 1),
		floatInit("outW", get("out.weight"), int64(C), int64(D)),
		floatInit("outB", get("out.bias"), int64(C)),
		int64Init("shapeBTD", 0, 0, int64(D)),
		int64Init("shapeBD", -1, int64(D)),
	}
	g.nodes = []node{
		{op: "Gather", inputs: []string{"emb", "ids"}, outputs: []string{"e"}},
		{op: "Transpose", inputs: []string{"e"}, outputs: []string{"x"}, attrs: []attr{intsattr("perm", 1, 0, 2)}},
		{op: "GRU", inputs: []string{"x", "W", "R", "B"}, outputs: []string{"Y"}, attrs: []attr{
			iattr("hidden_size", int64(H)), sattr("direction", "bidirectional"), iattr("linear_before_reset", 1)}},
		{op: "Transpose", inputs: []string{"Y"}, outputs: []string{"Yt"}, attrs: []attr{intsattr("perm", 2, 0, 1, 3)}},
		{op: "Reshape", inputs: []string{"Yt", "shapeBTD"}, outputs: []string{"hs"}},
		{op: "MatMul", inputs: []string{"hs", "attWT"}, outputs: []string{"a1"}},
		{op: "Add", inputs: []string{"a1", "attB"}, outputs: []string{"a2"}},
		{op: "Tanh", inputs: []string{"a2"}, outputs: []string{"u"}},
		{op: "MatMul", inputs: []string{"u", "attV"}, outputs: []string{"s"}},
		{op: "Softmax", inputs: []string{"s"}, outputs: []string{"alpha"}, attrs: []attr{iattr("axis", 1)}},
		{op: "Transpose", inputs: []string{"alpha"}, outputs: []string{"alphaT"}, attrs: []attr{intsattr("perm", 0, 2, 1)}},
		{op: "MatMul", inputs: []string{"alphaT", "hs"}, outputs: []string{"c3"}},
		{op: "Reshape", inputs: []string{"c3", "shapeBD"}, outputs: []string{"ctx"}},
		{op: "Gemm", inputs: []string{"ctx", "outW", "outB"}, outputs: []string{"logits"}, attrs: []attr{iattr("transB", 1)}},
	}
	return g.model(), nil
}
