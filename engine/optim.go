package engine

import "math"

// Optimizer updates parameters from their accumulated gradients.
type Optimizer interface {
	Step(ps []*Param)
}

// SGD is stochastic gradient descent with (heavy-ball) momentum and L2
// weight decay added to the gradient. Set LR each epoch for a schedule.
type SGD struct {
	LR, Momentum, WeightDecay float64
	vel                       map[*Param][]float64
}

func (o *SGD) Step(ps []*Param) {
	if o.vel == nil {
		o.vel = map[*Param][]float64{}
	}
	for _, p := range ps {
		v := o.vel[p]
		if v == nil {
			v = make([]float64, len(p.Value))
			o.vel[p] = v
		}
		for i, g := range p.Grad {
			g += o.WeightDecay * p.Value[i]
			v[i] = o.Momentum*v[i] + g
			p.Value[i] -= o.LR * v[i]
		}
	}
}

// Adam is Adam with bias correction and decoupled weight decay (AdamW:
// the decay shrinks weights directly instead of entering the moments).
// NewAdam sets the usual defaults.
type Adam struct {
	LR, Beta1, Beta2, Eps, WeightDecay float64
	t                                  int
	m, v                               map[*Param][]float64
}

func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

func (o *Adam) Step(ps []*Param) {
	if o.m == nil {
		o.m, o.v = map[*Param][]float64{}, map[*Param][]float64{}
	}
	o.t++
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := 1 - math.Pow(o.Beta2, float64(o.t))
	for _, p := range ps {
		m, v := o.m[p], o.v[p]
		if m == nil {
			m, v = make([]float64, len(p.Value)), make([]float64, len(p.Value))
			o.m[p], o.v[p] = m, v
		}
		for i, g := range p.Grad {
			m[i] = o.Beta1*m[i] + (1-o.Beta1)*g
			v[i] = o.Beta2*v[i] + (1-o.Beta2)*g*g
			p.Value[i] -= o.LR * (m[i]/c1/(math.Sqrt(v[i]/c2)+o.Eps) + o.WeightDecay*p.Value[i])
		}
	}
}

// ClipGradNorm rescales all gradients together so that their global L2
// norm is at most max, and returns the norm before clipping (useful to log).
func ClipGradNorm(ps []*Param, max float64) float64 {
	var ss float64
	for _, p := range ps {
		for _, g := range p.Grad {
			ss += g * g
		}
	}
	norm := math.Sqrt(ss)
	if norm > max && norm > 0 {
		s := max / norm
		for _, p := range ps {
			for i := range p.Grad {
				p.Grad[i] *= s
			}
		}
	}
	return norm
}
