package engine

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Dropout zeroes each input with probability P while training and scales
// the survivors by 1/(1-P) ("inverted" dropout), so inference is the
// identity and needs no rescaling. Its random stream is its own, seeded, so
// training stays deterministic.
type Dropout struct {
	P    float64
	rng  *rand.Rand
	mask *mat.Dense
}

func NewDropout(p float64, seed uint64) *Dropout { return &Dropout{P: p, rng: NewRand(seed)} }

func (d *Dropout) Forward(x *mat.Dense, train bool) *mat.Dense {
	if !train || d.P == 0 {
		d.mask = nil
		return x
	}
	r, c := x.Dims()
	d.mask = mat.NewDense(r, c, nil)
	scale := 1 / (1 - d.P)
	m := d.mask.RawMatrix().Data
	for i := range m {
		if d.rng.Float64() >= d.P {
			m[i] = scale
		}
	}
	y := mat.NewDense(r, c, nil)
	y.MulElem(x, d.mask)
	return y
}

func (d *Dropout) Backward(dy *mat.Dense) *mat.Dense {
	if d.mask == nil {
		return dy
	}
	r, c := dy.Dims()
	dx := mat.NewDense(r, c, nil)
	dx.MulElem(dy, d.mask)
	return dx
}

func (d *Dropout) Params() []*Param { return nil }
