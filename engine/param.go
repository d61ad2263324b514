package engine

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Param is one trainable tensor: its values and the gradient accumulated
// by Backward. Both are flat, row-major float64 slices; 2-D weights have
// shape [out, in] (PyTorch's layout, so a file's tensors read the same way
// in Python).
type Param struct {
	Name  string
	Shape []int
	Value []float64
	Grad  []float64
}

// NewParam allocates a zero parameter of the given shape.
func NewParam(name string, shape ...int) *Param {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return &Param{Name: name, Shape: shape, Value: make([]float64, n), Grad: make([]float64, n)}
}

// Mat views a 2-D parameter's values as a matrix sharing its memory.
func (p *Param) Mat() *mat.Dense { return mat.NewDense(p.Shape[0], p.Shape[1], p.Value) }

// GradMat views a 2-D parameter's gradient as a matrix sharing its memory.
func (p *Param) GradMat() *mat.Dense { return mat.NewDense(p.Shape[0], p.Shape[1], p.Grad) }

// ZeroGrad clears the gradients; call it before each mini-batch, because
// Backward accumulates.
func ZeroGrad(ps []*Param) {
	for _, p := range ps {
		clear(p.Grad)
	}
}

// NewRand returns the engine's random source: PCG, so that a seed gives the
// same stream on every platform (native and wasm).
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)) }

// initUniform fills p with U(-a, a) where a = gain*sqrt(6/(fanIn+fanOut)),
// Glorot's scheme; with gain sqrt(2) before ReLU it is PyTorch's
// xavier_uniform_(gain=calculate_gain("relu")).
func initUniform(rng *rand.Rand, p *Param, fanIn, fanOut int, gain float64) {
	a := gain * math.Sqrt(6/float64(fanIn+fanOut))
	for i := range p.Value {
		p.Value[i] = (2*rng.Float64() - 1) * a
	}
}

func checkCols(what string, x *mat.Dense, want int) {
	if _, c := x.Dims(); c != want {
		panic(fmt.Sprintf("engine: %s: input has %d columns, want %d", what, c, want))
	}
}

func sameDims(what string, a, b mat.Matrix) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		panic(fmt.Sprintf("engine: %s: shapes %dx%d and %dx%d differ", what, ar, ac, br, bc))
	}
}
