package engine

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func sqrt(x float64) float64 { return math.Sqrt(x) }

// Sigmoid is the logistic function, computed without overflow for any x.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus is log(1+eˣ) without overflow.
func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// LogSumExp is log Σ exp(xᵢ), shifted by the maximum so that it neither
// overflows nor underflows.
func LogSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// SoftmaxTo writes softmax(x) into dst (which may be x) using LogSumExp.
func SoftmaxTo(dst, x []float64) {
	l := LogSumExp(x)
	for i, v := range x {
		dst[i] = math.Exp(v - l)
	}
}

// elementwise is an activation applied entry by entry; it caches its
// output, from which all four derivatives below can be computed.
type elementwise struct {
	kind string
	f    func(float64) float64
	df   func(y float64) float64 // derivative as a function of the output
	y    *mat.Dense
}

func (e *elementwise) Forward(x *mat.Dense, _ bool) *mat.Dense {
	y := mat.DenseCopyOf(x)
	y.Apply(func(_, _ int, v float64) float64 { return e.f(v) }, y)
	e.y = y
	return y
}

func (e *elementwise) Backward(dy *mat.Dense) *mat.Dense {
	sameDims(e.kind, dy, e.y)
	dx := mat.DenseCopyOf(dy)
	dx.Apply(func(i, j int, g float64) float64 { return g * e.df(e.y.At(i, j)) }, dx)
	return dx
}

func (e *elementwise) Params() []*Param { return nil }

// NewReLU, NewSigmoid and NewTanh return activation layers.
func NewReLU() Layer {
	return &elementwise{kind: "relu", f: func(v float64) float64 { return math.Max(v, 0) },
		df: func(y float64) float64 {
			if y > 0 {
				return 1
			}
			return 0
		}}
}

func NewSigmoid() Layer {
	return &elementwise{kind: "sigmoid", f: Sigmoid, df: func(y float64) float64 { return y * (1 - y) }}
}

func NewTanh() Layer {
	return &elementwise{kind: "tanh", f: math.Tanh, df: func(y float64) float64 { return 1 - y*y }}
}

// Softmax normalises each row. Train on logits with CrossEntropy instead
// (it is exact and stable); this layer exists for models whose output must
// be a distribution inside the network.
type Softmax struct{ y *mat.Dense }

func NewSoftmax() Layer { return &Softmax{} }

func (s *Softmax) Forward(x *mat.Dense, _ bool) *mat.Dense {
	y := mat.DenseCopyOf(x)
	r, _ := y.Dims()
	for i := 0; i < r; i++ {
		row := y.RawRowView(i)
		SoftmaxTo(row, row)
	}
	s.y = y
	return y
}

func (s *Softmax) Backward(dy *mat.Dense) *mat.Dense {
	sameDims("softmax", dy, s.y)
	dx := mat.DenseCopyOf(dy)
	r, _ := dx.Dims()
	for i := 0; i < r; i++ {
		g, y := dx.RawRowView(i), s.y.RawRowView(i)
		var dot float64
		for j := range g {
			dot += g[j] * y[j]
		}
		for j := range g {
			g[j] = y[j] * (g[j] - dot)
		}
	}
	return dx
}

func (s *Softmax) Params() []*Param { return nil }

// SoftmaxRows returns softmax(x / temperature) of each row, in new slices.
func SoftmaxRows(logits [][]float64, temperature float64) [][]float64 {
	out := make([][]float64, len(logits))
	for i, row := range logits {
		s := make([]float64, len(row))
		for k, v := range row {
			s[k] = v / temperature
		}
		p := make([]float64, len(row))
		SoftmaxTo(p, s)
		out[i] = p
	}
	return out
}
