package textnet

import (
	"bytes"
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
)

var tinyText = Config{Vocab: 10, Embed: 4, Hidden: 3, Attention: 3, Classes: 3, Pad: 0, Dropout: 0.2}

func savedText(t testing.TB, m *Classifier) *safetensors.File {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Save(&buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestClassifier(t *testing.T) {
	seqs := [][]int{{1, 2, 3, 4}, {5, 6}, {9}}
	labels := []int{0, 2, 1}
	t.Run("the whole text classifier's gradients match central differences", func(t *testing.T) {
		m := New(engine.NewRand(1), tinyText)
		m.Config.Dropout, m.Drop.P = 0, 0
		loss := func() float64 {
			l, _ := m.Forward(seqs, true)
			v, _ := engine.CrossEntropy{}.Loss(l, labels)
			return v
		}
		engine.ZeroGrad(m.Params())
		logits, _ := m.Forward(seqs, true)
		_, d := engine.CrossEntropy{}.Loss(logits, labels)
		m.Backward(d)
		for _, p := range m.Params() {
			grad := append([]float64(nil), p.Grad...)
			vals := p.Value
			if p == m.Emb.W { // the pad row is held at zero, not differentiated
				vals, grad = vals[tinyText.Embed:], grad[tinyText.Embed:]
			}
			checkGrad(t, p.Name, loss, vals, grad)
		}
	})
	t.Run("the float32 model gives the float64 model's probabilities and attention", func(t *testing.T) {
		f := savedText(t, New(engine.NewRand(2), tinyText))
		m64, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		m32, err := Load32(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, seq := range seqs {
			logits, att := m64.Forward([][]int{seq}, false)
			want := make([]float64, tinyText.Classes)
			engine.SoftmaxTo(want, logits.RawRowView(0))
			probs, a32 := make([]float32, tinyText.Classes), make([]float32, len(seq))
			if err := m32.Forward(probs, a32, seq); err != nil {
				t.Fatal(err)
			}
			for j := range probs {
				if math.Abs(float64(probs[j])-want[j]) > 1e-5 {
					t.Errorf("%v class %d: %v vs %v", seq, j, probs[j], want[j])
				}
			}
			for j := range a32 {
				if math.Abs(float64(a32[j])-att.At(0, j)) > 1e-5 {
					t.Errorf("%v token %d attention: %v vs %v", seq, j, a32[j], att.At(0, j))
				}
			}
		}
	})
	t.Run("a steady-state forward allocates nothing", func(t *testing.T) {
		m32, _ := Load32(savedText(t, New(engine.NewRand(2), tinyText)))
		probs, att := make([]float32, 3), make([]float32, 4)
		m32.Forward(probs, att, seqs[0])
		if n := testing.AllocsPerRun(50, func() { m32.Forward(probs, att, seqs[0]) }); n != 0 {
			t.Fatalf("%v allocs per forward", n)
		}
	})
	t.Run("caching input projections gives the same bits and allocates nothing", func(t *testing.T) {
		f := savedText(t, New(engine.NewRand(2), tinyText))
		plain, _ := Load32(f)
		cached, _ := Load32(f)
		cached.CacheInputProjections()
		for _, seq := range append(seqs, []int{2, 2, 3, 2}) {
			p1, a1 := make([]float32, 3), make([]float32, len(seq))
			p2, a2 := make([]float32, 3), make([]float32, len(seq))
			plain.Forward(p1, a1, seq)
			cached.Forward(p2, a2, seq)
			for j := range p1 {
				if math.Float32bits(p1[j]) != math.Float32bits(p2[j]) {
					t.Fatalf("%v: class %d: %v vs %v", seq, j, p1[j], p2[j])
				}
			}
			for j := range a1 {
				if math.Float32bits(a1[j]) != math.Float32bits(a2[j]) {
					t.Fatalf("%v: attention %d differs", seq, j)
				}
			}
		}
		probs, att := make([]float32, 3), make([]float32, 4)
		if n := testing.AllocsPerRun(50, func() { cached.Forward(probs, att, seqs[0]) }); n != 0 {
			t.Fatalf("%v allocs per forward", n)
		}
	})
	t.Run("bad input is an error, not a panic", func(t *testing.T) {
		m32, _ := Load32(savedText(t, New(engine.NewRand(2), tinyText)))
		probs := make([]float32, 3)
		for name, ids := range map[string][]int{"no tokens": {}, "an id past the vocabulary": {1, 10}, "a negative id": {-1}} {
			if err := m32.Forward(probs, nil, ids); err == nil {
				t.Errorf("%s: no error", name)
			}
		}
		if err := m32.Forward(make([]float32, 2), nil, []int{1}); err == nil {
			t.Error("a short destination: no error")
		}
	})
	t.Run("a file with an implausible config is refused", func(t *testing.T) {
		f := savedText(t, New(engine.NewRand(2), tinyText))
		f.Metadata[clinical.MetaTextConfig] = `{"vocab":10,"embed":4,"hidden":3,"attention":3,"classes":3,"pad":99}`
		if _, err := Load32(f); err == nil {
			t.Error("loaded a pad id outside the vocabulary")
		}
		f.Metadata[clinical.MetaTextConfig] = `{"vocab":10,"embed":5,"hidden":3,"attention":3,"classes":3}`
		if _, err := Load32(f); err == nil {
			t.Error("loaded with a config that disagrees with the tensors")
		}
	})
	t.Run("saliency is gradient times input for each token", func(t *testing.T) {
		m := New(engine.NewRand(3), tinyText)
		s := m.Saliency([]int{1, 2, 3}, 1)
		// Check one token numerically: scale its embedding by (1+h).
		logit := func(scale float64) float64 {
			row := m.Emb.W.Value[2*4 : 3*4]
			orig := append([]float64(nil), row...)
			for j := range row {
				row[j] *= scale
			}
			l, _ := m.Forward([][]int{{1, 2, 3}}, false)
			copy(row, orig)
			return l.At(0, 1)
		}
		num := (logit(1+1e-5) - logit(1-1e-5)) / 2e-5
		if math.Abs(num-s[1]) > 1e-6*math.Max(1, math.Abs(num)) {
			t.Fatalf("token 1 saliency %v, numeric %v", s[1], num)
		}
	})
	t.Run("training on a toy task separates the classes", func(t *testing.T) {
		// Class = which of tokens 1, 2, 3 the sequence contains.
		rng := engine.NewRand(5)
		var data [][]int
		var ys []int
		for i := 0; i < 60; i++ {
			y := i % 3
			seq := []int{4 + rng.IntN(6), 1 + y, 4 + rng.IntN(6)}
			data, ys = append(data, seq[:1+rng.IntN(3)]), append(ys, y)
			if len(data[i]) < 2 {
				data[i] = seq[1:2]
			}
		}
		m := New(engine.NewRand(6), Config{Vocab: 10, Embed: 8, Hidden: 8, Attention: 8, Classes: 3, Dropout: 0.1})
		opt := engine.NewAdam(0.03)
		ps := m.Params()
		for epoch := 0; epoch < 30; epoch++ {
			for _, idx := range engine.Batches(rng, len(data), 12) {
				var seqs [][]int
				var lab []int
				for _, i := range idx {
					seqs, lab = append(seqs, data[i]), append(lab, ys[i])
				}
				engine.ZeroGrad(ps)
				l, _ := m.Forward(seqs, true)
				_, d := engine.CrossEntropy{}.Loss(l, lab)
				m.Backward(d)
				engine.ClipGradNorm(ps, 5)
				opt.Step(ps)
			}
		}
		logits, _ := m.Forward(data, false)
		correct := 0
		for i := range data {
			if argmax(logits.RawRowView(i)) == ys[i] {
				correct++
			}
		}
		if correct < 57 {
			t.Fatalf("%d/60 correct after training", correct)
		}
	})
}

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func TestInt8Embedding(t *testing.T) {
	t.Run("a text classifier with an int8 embedding gives its rounded float64 model's outputs", func(t *testing.T) {
		m64 := New(engine.NewRand(4), tinyText)
		var emb *engine.Param
		for _, p := range m64.Params() {
			if p.Name == "emb.weight" {
				emb = p
			}
		}
		q, s := engine.QuantizeRows(emb.Name, emb.Shape, emb.Value) // m64 now holds the rounded values
		file := savedText(t, m64)
		for i, tn := range file.Tensors {
			if tn.Name == emb.Name {
				file.Tensors[i] = q
			}
		}
		file.Tensors = append(file.Tensors, s)
		m32, err := Load32(file)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		seq := []int{1, 2, 3, 0}
		want := make([]float64, tinyText.Classes)
		logits, _ := m64.Forward([][]int{seq}, false)
		engine.SoftmaxTo(want, logits.RawRowView(0))
		probs := make([]float32, tinyText.Classes)
		if err := m32.Forward(probs, make([]float32, len(seq)), seq); err != nil {
			t.Fatal(err)
		}
		again, _ := back.Forward([][]int{seq}, false)
		for j := range probs {
			if d := math.Abs(float64(probs[j]) - want[j]); d > 1e-5 {
				t.Errorf("float32, class %d: %v vs %v", j, probs[j], want[j])
			}
			if d := math.Abs(again.At(0, j) - logits.At(0, j)); d > 1e-5 {
				t.Errorf("float64 reloaded, class %d: logit %v vs %v", j, again.At(0, j), logits.At(0, j))
			}
		}
	})
}

// checkGrad compares an analytic gradient of loss with respect to values
// (perturbed in place) with central differences, on relative error with a
// floor so that entries near zero are judged on absolute error.
func checkGrad(t *testing.T, what string, loss func() float64, values, analytic []float64) {
	t.Helper()
	const h, tol = 1e-5, 1e-4
	for i := range values {
		v := values[i]
		values[i] = v + h
		up := loss()
		values[i] = v - h
		down := loss()
		values[i] = v
		num := (up - down) / (2 * h)
		if e := math.Abs(analytic[i]-num) / math.Max(math.Abs(analytic[i])+math.Abs(num), 1e-6); e > tol {
			t.Errorf("%s[%d]: analytic %.10g, numeric %.10g (rel err %.2g)", what, i, analytic[i], num, e)
			return
		}
	}
}
