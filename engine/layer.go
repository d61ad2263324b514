package engine

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"gonum.org/v1/gonum/mat"
)

// Layer is a differentiable map on batches: rows are examples.
//
// Forward caches what Backward needs, so calls must alternate
// Forward, Backward on the same batch. Backward adds the parameter
// gradients into each Param's Grad (see ZeroGrad) and returns the gradient
// with respect to the layer's input, which is what gradient-times-input
// explanations use.
type Layer interface {
	Forward(x *mat.Dense, train bool) *mat.Dense
	Backward(dy *mat.Dense) *mat.Dense
	Params() []*Param
}

// Dense is a fully connected layer: y = x Wᵀ + b, with W of shape [out, in].
type Dense struct {
	W, B *Param
	x    *mat.Dense
}

// NewDense makes a Dense layer whose parameters are named name+".weight"
// and name+".bias", initialised with Glorot-uniform weights scaled by gain
// (use 1 before sigmoid/tanh/softmax, math.Sqrt2 before ReLU) and zero bias.
func NewDense(rng *rand.Rand, name string, in, out int, gain float64) *Dense {
	d := &Dense{W: NewParam(name+".weight", out, in), B: NewParam(name+".bias", out)}
	initUniform(rng, d.W, in, out, gain)
	return d
}

// In and Out are the layer's input and output widths.
func (d *Dense) In() int  { return d.W.Shape[1] }
func (d *Dense) Out() int { return d.W.Shape[0] }

func (d *Dense) Forward(x *mat.Dense, _ bool) *mat.Dense {
	checkCols("Dense", x, d.In())
	d.x = x
	r, _ := x.Dims()
	y := mat.NewDense(r, d.Out(), nil)
	y.Mul(x, d.W.Mat().T())
	raw := y.RawMatrix()
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d.Out()]
		for j, b := range d.B.Value {
			row[j] += b
		}
	}
	return y
}

func (d *Dense) Backward(dy *mat.Dense) *mat.Dense {
	r, c := dy.Dims()
	if c != d.Out() {
		panic("engine: Dense.Backward: gradient width differs from layer output")
	}
	gemmAcc(true, false, dy, d.x, d.W.GradMat())
	raw := dy.RawMatrix()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.B.Grad[j] += raw.Data[i*raw.Stride+j]
		}
	}
	dx := mat.NewDense(r, d.In(), nil)
	dx.Mul(dy, d.W.Mat())
	return dx
}

func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

// gemmAcc adds op(a)·op(b) into c (c += op(a)op(b)); gradients accumulate.
func gemmAcc(ta, tb bool, a, b, c *mat.Dense) {
	tA, tB := blas.NoTrans, blas.NoTrans
	if ta {
		tA = blas.Trans
	}
	if tb {
		tB = blas.Trans
	}
	blas64.Gemm(tA, tB, 1, a.RawMatrix(), b.RawMatrix(), 1, c.RawMatrix())
}
