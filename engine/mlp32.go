package engine

import (
	"fmt"
	"slices"

	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// Act is an activation in the float32 inference path.
type Act uint8

// The activations MLP32 applies after a dense layer; ActNone leaves logits.
const (
	ActNone Act = iota
	ActReLU
	ActSigmoid
	ActTanh
	ActSoftmax
)

func actOf(kind string) (Act, bool) {
	switch kind {
	case "relu":
		return ActReLU, true
	case "sigmoid":
		return ActSigmoid, true
	case "tanh":
		return ActTanh, true
	case "softmax":
		return ActSoftmax, true
	}
	return ActNone, false
}

func (a Act) apply(x []float32) {
	switch a {
	case ActReLU:
		for i, v := range x {
			if v < 0 { // not max(v, 0): the builtin's NaN and signed-zero branches are slow in wasm
				x[i] = 0
			}
		}
	case ActSigmoid:
		for i, v := range x {
			x[i] = Sigmoid32(v)
		}
	case ActTanh:
		for i, v := range x {
			x[i] = Tanh32(v)
		}
	case ActSoftmax:
		Softmax32(x)
	}
}

// Dense32 is an inference-only dense layer: W is row-major [Out, In].
type Dense32 struct {
	In, Out int
	W, B    []float32
	Act     Act
}

// forward writes the layer's activations of in into out; a ReLU runs
// inside the SIMD kernel where there is one.
func (l *Dense32) forward(out, in []float32) {
	if l.Act == ActReLU && len(out)*len(in) >= simdMinGemv && simd.Gemv(out, l.W, l.B, in, true) == nil {
		return
	}
	Gemv32(out, l.W, l.B, in)
	l.Act.apply(out)
}

// MLP32 is a float32 inference copy of a Sequential of Dense layers and
// activations (dropout is the identity at inference and is dropped). It
// keeps its own scratch buffers, so Forward does not allocate; an MLP32 is
// therefore not safe for concurrent use (make one per goroutine/worker).
type MLP32 struct {
	Layers []Dense32
	bufs   [2][]float32
	acts   [][]float32 // per-layer outputs, kept for InputGrad
	grad   [2][]float32

	// A network of ReLUs and linear layers has an input gradient that
	// depends only on which ReLUs are on, so InputGrad keeps the last one
	// with its pattern: along an integrated-gradients path the pattern
	// changes only a few times, and most backward passes are skipped.
	// (Changing Layers' weights afterwards calls for a new MLP32.)
	piecewise bool
	mask      []bool // scratch: the pattern of this call
	path      struct {
		g, p   []float32 // gradient and point, len In
		zb, zx []float32 // first layer's pre-activations at the path's ends
	}
	last struct {
		mask  []bool
		grad  []float32
		k     int
		valid bool
	}
}

// NewMLP32 builds an MLP32 from specs and a weights file (LoadMLP32 reads
// the specs from the file).
func NewMLP32(specs []LayerSpec, f *safetensors.File) (*MLP32, error) {
	m := &MLP32{}
	for i, sp := range specs {
		switch sp.Kind {
		case "dense":
			w, err := Weights32(f, sp.Name+".weight", sp.Out, sp.In)
			if err != nil {
				return nil, err
			}
			b, err := Weights32(f, sp.Name+".bias", sp.Out)
			if err != nil {
				return nil, err
			}
			if n := len(m.Layers); n > 0 && m.Layers[n-1].Out != sp.In {
				return nil, fmt.Errorf("engine: layer %d: %q takes %d inputs after a layer of %d outputs", i, sp.Name, sp.In, m.Layers[n-1].Out)
			}
			m.Layers = append(m.Layers, Dense32{In: sp.In, Out: sp.Out, W: w, B: b})
		case "dropout":
		default:
			a, ok := actOf(sp.Kind)
			if !ok {
				return nil, fmt.Errorf("engine: layer %d: unknown kind %q", i, sp.Kind)
			}
			n := len(m.Layers)
			if n == 0 || m.Layers[n-1].Act != ActNone {
				return nil, fmt.Errorf("engine: layer %d: activation %q must follow a dense layer", i, sp.Kind)
			}
			m.Layers[n-1].Act = a
		}
	}
	if len(m.Layers) == 0 {
		return nil, fmt.Errorf("engine: model has no dense layer")
	}
	m.acts = make([][]float32, len(m.Layers))
	width := 0
	for i, l := range m.Layers {
		m.acts[i] = make([]float32, l.Out)
		width = max(width, l.Out, l.In)
	}
	m.grad = [2][]float32{make([]float32, width), make([]float32, width)}
	m.piecewise = true
	units := 0
	for _, l := range m.Layers {
		m.piecewise = m.piecewise && (l.Act == ActReLU || l.Act == ActNone)
		if l.Act == ActReLU {
			units += l.Out
		}
	}
	m.path.g, m.path.p = make([]float32, m.In()), make([]float32, m.In())
	m.path.zb, m.path.zx = make([]float32, m.Layers[0].Out), make([]float32, m.Layers[0].Out)
	if m.piecewise {
		m.mask = make([]bool, units)
		m.last.mask = make([]bool, units)
		m.last.grad = make([]float32, m.In())
	}
	return m, nil
}

// LoadMLP32 builds the float32 inference model of a file written by
// Sequential.Save.
func LoadMLP32(f *safetensors.File) (*MLP32, error) {
	specs, err := layerSpecs(f)
	if err != nil {
		return nil, err
	}
	return NewMLP32(specs, f)
}

// In and Out are the input and output widths.
func (m *MLP32) In() int  { return m.Layers[0].In }
func (m *MLP32) Out() int { return m.Layers[len(m.Layers)-1].Out }

// Forward runs one example x (len In) and writes the outputs into dst (len
// Out), which it returns. It allocates nothing.
func (m *MLP32) Forward(dst, x []float32) []float32 {
	if len(x) != m.In() || len(dst) != m.Out() {
		panic(fmt.Sprintf("engine: MLP32.Forward: input %d (want %d), output %d (want %d)", len(x), m.In(), len(dst), m.Out()))
	}
	in := x
	for i := range m.Layers {
		l := &m.Layers[i]
		out := m.acts[i]
		l.forward(out, in)
		in = out
	}
	copy(dst, in)
	return dst
}

// InputGrad writes d out[k] / d x into dst (len In) for one example, by a
// float32 backward pass through the network: the gradient half of a
// gradient×input explanation. It allocates nothing. A final softmax is
// differentiated as such; for logits, use a model without one.
func (m *MLP32) InputGrad(dst, x []float32, k int) []float32 {
	if len(dst) != m.In() || k < 0 || k >= m.Out() {
		panic("engine: MLP32.InputGrad: bad destination length or output index")
	}
	m.Forward(m.grad[0][:m.Out()], x) // fills m.acts
	return m.backward(dst, k)
}

// PathGrad adds to sum (len In) the input gradients of output k at the
// midpoints base + (s+½)/steps·(x-base), s < steps, of the straight path
// from base to x: the integral integrated gradients needs. In a network
// of ReLUs and linear layers the first layer's pre-activations are linear
// along the path, so they are computed at the two ends and interpolated,
// and a step costs only the later layers (with the kept gradient, most
// steps need no backward pass either). It allocates nothing.
func (m *MLP32) PathGrad(sum []float64, base, x []float32, steps, k int) {
	if len(sum) != m.In() || len(base) != m.In() || len(x) != m.In() || steps < 1 || k < 0 || k >= m.Out() {
		panic("engine: MLP32.PathGrad: bad lengths, steps or output index")
	}
	g := m.path.g
	if !m.piecewise {
		p := m.path.p
		for s := 0; s < steps; s++ {
			a := (float32(s) + 0.5) / float32(steps)
			for i := range p {
				p[i] = base[i] + a*(x[i]-base[i])
			}
			m.InputGrad(g, p, k)
			for i, v := range g {
				sum[i] += float64(v)
			}
		}
		return
	}
	l0 := &m.Layers[0]
	zb, zx := m.path.zb, m.path.zx
	Gemv32(zb, l0.W, l0.B, base)
	Gemv32(zx, l0.W, l0.B, x)
	for s := 0; s < steps; s++ {
		a := (float32(s) + 0.5) / float32(steps)
		in := m.acts[0]
		for j := range in {
			in[j] = zb[j] + a*(zx[j]-zb[j])
		}
		l0.Act.apply(in)
		for i := 1; i < len(m.Layers); i++ {
			m.Layers[i].forward(m.acts[i], in)
			in = m.acts[i]
		}
		m.backward(g, k)
		for i, v := range g {
			sum[i] += float64(v)
		}
	}
}

// backward writes d out[k] / d x for the activations in m.acts.
func (m *MLP32) backward(dst []float32, k int) []float32 {
	if m.piecewise {
		m.pattern(m.mask)
		if m.last.valid && m.last.k == k && slices.Equal(m.mask, m.last.mask) {
			copy(dst, m.last.grad)
			return dst
		}
	}
	g := m.grad[0][:m.Out()]
	clear(g)
	g[k] = 1
	for i := len(m.Layers) - 1; i >= 0; i-- {
		l := &m.Layers[i]
		y := m.acts[i]
		switch l.Act {
		case ActReLU:
			for j := range g {
				if y[j] <= 0 {
					g[j] = 0
				}
			}
		case ActSigmoid:
			for j := range g {
				g[j] *= y[j] * (1 - y[j])
			}
		case ActTanh:
			for j := range g {
				g[j] *= 1 - y[j]*y[j]
			}
		case ActSoftmax:
			var dot float32
			for j := range g {
				dot += g[j] * y[j]
			}
			for j := range g {
				g[j] = y[j] * (g[j] - dot)
			}
		}
		next := m.grad[1][:l.In]
		// The kernel gives the loop's bits (same order of additions).
		if len(g)*len(next) < simdMinGemv || simd.GemvT(next, l.W, g) != nil {
			clear(next)
			for o := 0; o < l.Out; o++ {
				if g[o] != 0 { // a ReLU that is off adds nothing (finite weights)
					Axpy32(g[o], l.W[o*l.In:(o+1)*l.In], next)
				}
			}
		}
		m.grad[0], m.grad[1] = m.grad[1], m.grad[0]
		g = next
	}
	copy(dst, g)
	if m.piecewise {
		copy(m.last.mask, m.mask)
		copy(m.last.grad, g)
		m.last.k, m.last.valid = k, true
	}
	return dst
}

// pattern writes which ReLUs of the last Forward are on, as the backward
// pass reads them (a NaN counts as on, as in InputGrad).
func (m *MLP32) pattern(dst []bool) {
	n := 0
	for i := range m.Layers {
		if m.Layers[i].Act != ActReLU {
			continue
		}
		for _, v := range m.acts[i] {
			dst[n] = !(v <= 0)
			n++
		}
	}
}
