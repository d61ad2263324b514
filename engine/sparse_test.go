package engine

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSparseLinear(t *testing.T) {
	x := []Sparse{{Idx: []int{0, 3}, Val: []float64{0.5, -1}}, {Idx: []int{2}, Val: []float64{2}}, {}}
	labels := []int{1, 0, 2}
	t.Run("the gradients match central differences", func(t *testing.T) {
		l := NewSparseLinear(NewRand(1), "lin", 4, 3)
		loss := func() float64 {
			v, _ := CrossEntropy{}.Loss(l.Forward(x), labels)
			return v
		}
		ZeroGrad(l.Params())
		_, d := CrossEntropy{}.Loss(l.Forward(x), labels)
		l.Backward(d)
		for _, p := range l.Params() {
			checkGrad(t, p.Name, loss, p.Value, append([]float64(nil), p.Grad...))
		}
	})
	t.Run("it gives the dense product's logits", func(t *testing.T) {
		l := NewSparseLinear(NewRand(2), "lin", 4, 3)
		got := l.Forward(x)
		w := mat.NewDense(3, 4, l.W.Value)
		for b, s := range x {
			dense := make([]float64, 4)
			for q, j := range s.Idx {
				dense[j] = s.Val[q]
			}
			for c := 0; c < 3; c++ {
				want := l.B.Value[c] + mat.Dot(w.RowView(c), mat.NewVecDense(4, dense))
				if math.Abs(got.At(b, c)-want) > 1e-12 {
					t.Errorf("row %d class %d: %v, want %v", b, c, got.At(b, c), want)
				}
			}
		}
	})
	t.Run("logistic regression separates classes that own a feature each", func(t *testing.T) {
		var xs []Sparse
		var ys []int
		for i := 0; i < 30; i++ {
			xs, ys = append(xs, Sparse{Idx: []int{i % 3, 3 + i%2}, Val: []float64{1, 0.5}}), append(ys, i%3)
		}
		l := TrainLinear("lin", xs, ys, 5, 3, LinearConfig{Epochs: 30, Batch: 8, LR: 0.1, Seed: 1})
		logits := l.Forward(xs)
		for i := range xs {
			if r := logits.RawRowView(i); argmaxOf(r) != ys[i] {
				t.Fatalf("row %d: logits %v, label %d", i, r, ys[i])
			}
		}
	})
}

func argmaxOf(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func TestTFIDF(t *testing.T) {
	tf := FitTFIDF([][]int{{1, 1, 2}, {2, 3}, {2}}, 5)
	t.Run("IDF is smoothed, and 0 for ids in no document", func(t *testing.T) {
		want := []float64{0, math.Log(4.0/2) + 1, math.Log(4.0/4) + 1, math.Log(4.0/2) + 1, 0}
		for id, w := range want {
			if math.Abs(tf.IDF[id]-w) > 1e-15 {
				t.Errorf("id %d: %v, want %v", id, tf.IDF[id], w)
			}
		}
	})
	t.Run("a bag is sublinear TF times IDF, L2-normalised, ids ascending", func(t *testing.T) {
		s := tf.Bag([]int{3, 1, 1})
		a, b := (1+math.Log(2))*tf.IDF[1], tf.IDF[3]
		n := math.Hypot(a, b)
		if len(s.Idx) != 2 || s.Idx[0] != 1 || s.Idx[1] != 3 || math.Abs(s.Val[0]-a/n) > 1e-15 || math.Abs(s.Val[1]-b/n) > 1e-15 {
			t.Fatalf("bag %+v", s)
		}
	})
	t.Run("an empty document gives an empty bag", func(t *testing.T) {
		if s := tf.Bag(nil); len(s.Idx) != 0 {
			t.Fatalf("bag %+v", s)
		}
	})
}

func TestSoftmaxRows(t *testing.T) {
	p := SoftmaxRows([][]float64{{0, math.Log(3)}, {2, 2}}, 1)
	if math.Abs(p[0][1]-0.75) > 1e-15 || math.Abs(p[1][0]-0.5) > 1e-15 {
		t.Fatalf("temperature 1: %v", p)
	}
	if q := SoftmaxRows([][]float64{{0, 2 * math.Log(3)}}, 2); math.Abs(q[0][1]-0.75) > 1e-15 {
		t.Fatalf("temperature 2 halves the logits: %v", q)
	}
}
