package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
)

func TestParity(t *testing.T) {
	ref := [][]float32{{1, 2}, {3, 4}}
	page := func(rows [][]float64, batch []float64) *pageResult {
		return &pageResult{Parity: rows, ParityBatch: batch}
	}
	cases := []struct {
		name string
		p    *pageResult
		ok   bool
	}{
		{"identical outputs pass", page([][]float64{{1, 2}, {3, 4}}, []float64{1, 2, 3, 4}), true},
		{"outputs within 1e-4 pass", page([][]float64{{1.00005, 2}, {3, 4}}, []float64{1, 2, 3, 3.99995}), true},
		{"one output off by 2e-4 fails", page([][]float64{{1, 2.0002}, {3, 4}}, []float64{1, 2, 3, 4}), false},
		{"a batched output off fails even if single runs agree", page([][]float64{{1, 2}, {3, 4}}, []float64{1, 2, 3, 4.1}), false},
		{"a NaN output fails", page([][]float64{{math.NaN(), 2}, {3, 4}}, []float64{1, 2, 3, 4}), false},
		{"a missing example fails", page([][]float64{{1, 2}}, []float64{1, 2, 3, 4}), false},
		{"a short batch fails", page([][]float64{{1, 2}, {3, 4}}, []float64{1, 2, 3}), false},
		{"a short row fails", page([][]float64{{1}, {3, 4}}, []float64{1, 2, 3, 4}), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := parity(tc.p, ref)
			if (err == nil) != tc.ok {
				t.Errorf("parity error = %v, want ok = %v", err, tc.ok)
			}
		})
	}
}

func TestProtobufWire(t *testing.T) {
	cases := []struct {
		name string
		enc  func(*pb)
		want []byte
	}{
		{"a small varint field is tag then value", func(b *pb) { b.varint(1, 8) }, []byte{0x08, 0x08}},
		{"a varint over 127 takes two bytes", func(b *pb) { b.varint(2, 300) }, []byte{0x10, 0xac, 0x02}},
		{"a string is tag, length, bytes", func(b *pb) { b.str(4, "Relu") }, []byte{0x22, 4, 'R', 'e', 'l', 'u'}},
		{"a float is tag then four little-endian bytes", func(b *pb) { b.float(2, 1) }, []byte{0x15, 0, 0, 0x80, 0x3f}},
		{"field 20 needs a two-byte tag", func(b *pb) { b.varint(20, 2) }, []byte{0xa0, 0x01, 0x02}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b pb
			tc.enc(&b)
			if !bytes.Equal(b, tc.want) {
				t.Errorf("got % x, want % x", []byte(b), tc.want)
			}
		})
	}
}

// The generated graphs carry every weight byte for byte: ORT Web runs
// them in the browser, so here only their content is checked.
func TestGraphsCarryTheWeights(t *testing.T) {
	t.Run("the MLP graph holds each dense layer's weights", func(t *testing.T) {
		var buf bytes.Buffer
		if err := engine.NewMLP(engine.NewRand(1), []int{5, 4, 1}, "relu", 0).Save(&buf, nil); err != nil {
			t.Fatal(err)
		}
		f, _ := safetensors.Decode(buf.Bytes())
		net, err := engine.LoadMLP32(f)
		if err != nil {
			t.Fatal(err)
		}
		specs, _ := engine.LoadSequential(f)
		g := mlpONNX(net, specs.Specs())
		for _, l := range net.Layers {
			if !bytes.Contains(g, floatInit("", l.W).raw) {
				t.Errorf("a %dx%d weight matrix is missing from the graph", l.Out, l.In)
			}
		}
		for _, op := range []string{"Gemm", "Relu"} {
			if !bytes.Contains(g, []byte(op)) {
				t.Errorf("no %s node", op)
			}
		}
	})
	t.Run("the text graph reorders GRU gates from r,z,n to z,r,h", func(t *testing.T) {
		c := textnet.Config{Vocab: 7, Embed: 3, Hidden: 2, Attention: 2, Classes: 2}
		var buf bytes.Buffer
		if err := textnet.New(engine.NewRand(2), c).Save(&buf, nil); err != nil {
			t.Fatal(err)
		}
		f, _ := safetensors.Decode(buf.Bytes())
		g, err := textONNX(f, c)
		if err != nil {
			t.Fatal(err)
		}
		ti, _ := f.Tensor("rnn.fwd.weight_ih")
		w, _ := ti.Float32()
		H, E := c.Hidden, c.Embed
		zr := append(append([]float32{}, w[H*E:2*H*E]...), w[:H*E]...)
		if !bytes.Contains(g, floatInit("", zr).raw) {
			t.Error("the forward input weights are not in z, r order")
		}
		if !bytes.Contains(g, []byte("linear_before_reset")) || !bytes.Contains(g, []byte("bidirectional")) {
			t.Error("the GRU node lacks linear_before_reset or bidirectional")
		}
	})
	t.Run("a text file without a GRU tensor is refused", func(t *testing.T) {
		f := &safetensors.File{Tensors: []safetensors.Tensor{safetensors.NewF32("emb.weight", []int{1, 1}, []float32{0})}}
		if _, err := textONNX(f, textnet.Config{Vocab: 1, Embed: 1, Hidden: 1, Attention: 1, Classes: 1}); err == nil {
			t.Error("no error")
		}
	})
}

func TestFirstMember(t *testing.T) {
	var buf bytes.Buffer
	net := engine.NewMLP(engine.NewRand(3), []int{3, 2, 1}, "relu", 0)
	if err := net.Save(&buf, nil); err != nil {
		t.Fatal(err)
	}
	plain, _ := safetensors.Decode(buf.Bytes())
	ens := &safetensors.File{Metadata: map[string]string{"bedside.layers": plain.Metadata[engine.MetaLayers], "bedside.members": "2"}}
	for _, k := range []string{"m0.", "m1."} {
		for _, tn := range plain.Tensors {
			tn.Name = k + tn.Name
			ens.Tensors = append(ens.Tensors, tn)
		}
	}
	var eb bytes.Buffer
	if err := safetensors.Encode(&eb, ens); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"an ensemble gives member 0 as a plain MLP file", eb.Bytes(), true},
		{"a plain MLP file comes back as it is", buf.Bytes(), true},
		{"a file with neither layout is refused", func() []byte {
			var b bytes.Buffer
			safetensors.Encode(&b, &safetensors.File{})
			return b.Bytes()
		}(), false},
		{"garbage is refused", []byte("not a weights file"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := firstMember(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("error = %v, want ok = %v", err, tc.ok)
			}
			if !tc.ok {
				return
			}
			f, err := safetensors.Decode(out)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := engine.LoadMLP32(f); err != nil {
				t.Errorf("member does not load: %v", err)
			}
		})
	}
}

func TestTextMember(t *testing.T) {
	cfg := textnet.Config{Vocab: 6, Embed: 4, Hidden: 3, Attention: 2, Classes: 2}
	var buf bytes.Buffer
	if err := textnet.New(engine.NewRand(5), cfg).Save(&buf, nil); err != nil {
		t.Fatal(err)
	}
	plain, _ := safetensors.Decode(buf.Bytes())
	ens := &safetensors.File{Metadata: map[string]string{clinical.MetaTextConfig: plain.Metadata[clinical.MetaTextConfig]}}
	for _, tn := range plain.Tensors {
		if tn.Name == "emb.weight" { // as textmodel stores it with Config.Int8
			v, _ := tn.Float64()
			q, s := engine.QuantizeRows("m0."+tn.Name, tn.Shape, v)
			ens.Tensors = append(ens.Tensors, q, s)
			continue
		}
		tn.Name = "m0." + tn.Name
		ens.Tensors = append(ens.Tensors, tn)
	}
	var eb bytes.Buffer
	if err := safetensors.Encode(&eb, ens); err != nil {
		t.Fatal(err)
	}
	t.Run("an int8 ensemble member comes back as F32 with the engine's values", func(t *testing.T) {
		out, err := textMember(eb.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		f, _ := safetensors.Decode(out)
		for _, tn := range f.Tensors {
			if tn.DType != safetensors.F32 || strings.HasSuffix(tn.Name, engine.ScaleSuffix) {
				t.Errorf("tensor %s is %s", tn.Name, tn.DType)
			}
		}
		want, _ := engine.Weights32(ens, "m0.emb.weight", 6, 4)
		got, err := engine.Weights32(f, "emb.weight", 6, 4)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("embedding %v (%v), want %v", got, err, want)
		}
		if _, err := textnet.Load32(f); err != nil {
			t.Fatalf("member does not load: %v", err)
		}
	})
}

func TestUpdateReadme(t *testing.T) {
	rep := &report{Date: "2026-01-01T00:00:00Z", Machine: "test machine", Browser: "Chrome/1"}
	path := filepath.Join(t.TempDir(), "README.md")
	os.WriteFile(path, []byte("# Project\n\nIntro.\n"), 0o644)
	if err := rep.updateReadme(path); err != nil {
		t.Fatal(err)
	}
	rep.Machine = "second machine"
	if err := rep.updateReadme(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	s := string(b)
	t.Run("the text before the section is kept", func(t *testing.T) {
		if !strings.HasPrefix(s, "# Project\n\nIntro.\n") {
			t.Errorf("README starts %q", s[:30])
		}
	})
	t.Run("a second run replaces the table instead of adding one", func(t *testing.T) {
		if n := strings.Count(s, readmeStart); n != 1 || strings.Contains(s, "test machine") || !strings.Contains(s, "second machine") {
			t.Errorf("%d sections; README:\n%s", n, s)
		}
	})
}
