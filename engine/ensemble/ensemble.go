// Package ensemble holds what every Bedside model family built from several
// small engine MLPs shares: cross-fitting members over folds x seeds,
// writing and reading them as one safetensors file, and float32 inference
// with integrated-gradient attributions over their mean output.
//
// A file written by SaveEnsemble stores member k's tensors under the
// prefix "m<k>." (for example "m0.dense0.weight"), the layer specs of one
// member as JSON and the member count in decimal, under metadata key names
// the caller chooses (Keys): the keys belong to the application, not to
// this package. It reads and writes no file by itself.
package ensemble

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// MaxMembers bounds what a weights file may ask the loader to build.
const MaxMembers = 64

// Limits on one member's architecture as read from a file: generous for
// tabular networks, small enough that a hostile file cannot make the
// loader allocate without bound.
const (
	maxLayers = 32
	maxWidth  = 4096
)

// Keys names the metadata entries of an ensemble file.
type Keys struct {
	Layers  string // JSON []engine.LayerSpec of one member
	Members string // member count, decimal
}

// MemberName is the tensor name of parameter name in member k.
func MemberName(k int, name string) string { return fmt.Sprintf("m%d.%s", k, name) }

// SaveEnsemble writes the members' parameters (float32) and meta, plus the
// layer specs and member count under keys.
func SaveEnsemble(w io.Writer, members []*engine.Sequential, meta map[string]string, keys Keys) error {
	if len(members) == 0 || len(members) > MaxMembers {
		return fmt.Errorf("ensemble: %d members, want 1 to %d", len(members), MaxMembers)
	}
	specs, err := engine.MarshalLayerSpecs(members[0].Specs())
	if err != nil {
		return err
	}
	var ps []*engine.Param
	for k, m := range members {
		for _, p := range m.Params() {
			ps = append(ps, &engine.Param{Name: MemberName(k, p.Name), Shape: p.Shape, Value: p.Value})
		}
	}
	all := map[string]string{keys.Layers: string(specs), keys.Members: strconv.Itoa(len(members))}
	for k, v := range meta {
		all[k] = v
	}
	return engine.SaveParams(w, ps, all)
}

// Ensemble is the float32 inference form of networks of one architecture
// whose outputs are averaged. It keeps scratch buffers: not safe for
// concurrent use.
type Ensemble struct {
	Members  []*engine.MLP32
	x32, b32 []float32
	out      [1]float32
	// With two hidden ReLU layers, engine/simd runs all members' forward
	// passes and all integrated-gradient steps in one kernel call each,
	// where the kernels run; nil for other shapes.
	kern *simd.MLPs
	outs []float32 // each member's output, for kern
}

// LoadEnsemble builds the members of a file written by SaveEnsemble. It
// checks the whole file before anything runs on it: the member count
// agrees with the metadata and the cap, every member maps in inputs to one
// output, every tensor has the shape the layer specs give it and finite
// values, and the file holds no tensor beyond the members'.
func LoadEnsemble(f *safetensors.File, in int, keys Keys) (*Ensemble, error) {
	specs, err := engine.UnmarshalLayerSpecs([]byte(f.Metadata[keys.Layers]))
	if err != nil {
		return nil, fmt.Errorf("bad %s metadata: %v", keys.Layers, err)
	}
	if len(specs) == 0 || len(specs) > maxLayers {
		return nil, fmt.Errorf("%s metadata has %d layers, want 1 to %d", keys.Layers, len(specs), maxLayers)
	}
	dense := 0
	for i, s := range specs {
		if s.Kind != "dense" {
			continue
		}
		dense++
		if s.Name == "" || s.In < 1 || s.Out < 1 || s.In > maxWidth || s.Out > maxWidth {
			return nil, fmt.Errorf("%s metadata: layer %d (%q) is %d x %d", keys.Layers, i, s.Name, s.In, s.Out)
		}
	}
	n, err := strconv.Atoi(f.Metadata[keys.Members])
	if err != nil || n < 1 || n > MaxMembers {
		return nil, fmt.Errorf("bad %s metadata %q: want 1 to %d", keys.Members, f.Metadata[keys.Members], MaxMembers)
	}
	// Names are unique in a decoded file, so with every expected tensor
	// present an equal count means there is nothing else: a member the
	// metadata does not count is refused rather than silently ignored.
	if want := n * dense * 2; len(f.Tensors) != want {
		return nil, fmt.Errorf("file has %d tensors, %d members of %d dense layers need %d", len(f.Tensors), n, dense, want)
	}
	e := &Ensemble{}
	for k := 0; k < n; k++ {
		sk := make([]engine.LayerSpec, len(specs))
		for i, s := range specs {
			sk[i] = s
			if s.Name != "" {
				sk[i].Name = MemberName(k, s.Name)
			}
		}
		m, err := engine.NewMLP32(sk, f)
		if err != nil {
			return nil, err
		}
		if m.In() != in || m.Out() != 1 {
			return nil, fmt.Errorf("member %d maps %d inputs to %d outputs, want %d to 1", k, m.In(), m.Out(), in)
		}
		for i, l := range m.Layers {
			if !finite32(l.W) || !finite32(l.B) {
				return nil, fmt.Errorf("member %d layer %d has a weight that is not a finite number", k, i)
			}
		}
		e.Members = append(e.Members, m)
	}
	e.x32, e.b32 = make([]float32, in), make([]float32, in)
	e.kern = kernelForm(e.Members)
	e.outs = make([]float32, n)
	return e, nil
}

// kernelForm is engine/simd's form of members of the shape in -> ReLU ->
// ReLU -> 1 logit, or nil.
func kernelForm(members []*engine.MLP32) *simd.MLPs {
	ws := make([]simd.MLPWeights, len(members))
	for k, m := range members {
		l := m.Layers
		if len(l) != 3 || l[0].Act != engine.ActReLU || l[1].Act != engine.ActReLU || l[2].Act != engine.ActNone || l[2].Out != 1 {
			return nil
		}
		ws[k] = simd.MLPWeights{W0: l[0].W, B0: l[0].B, W1: l[1].W, B1: l[1].B, W2: l[2].W, B2: l[2].B}
	}
	l := members[0].Layers
	k, err := simd.NewMLPs(l[0].In, l[0].Out, l[1].Out, ws)
	if err != nil {
		return nil
	}
	return k
}

func finite32(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

// Logit is the members' mean output for x.
func (e *Ensemble) Logit(x []float64) float64 {
	s := 0.0
	for _, v := range e.outputs(x) {
		s += float64(v)
	}
	return s / float64(len(e.Members))
}

// Outputs writes each member's output for x into dst (len Members), in
// member order: what the spread of an ensemble's answer is measured on.
func (e *Ensemble) Outputs(dst, x []float64) []float64 {
	for k, v := range e.outputs(x) {
		dst[k] = float64(v)
	}
	return dst
}

func (e *Ensemble) outputs(x []float64) []float32 {
	for i, v := range x {
		e.x32[i] = float32(v)
	}
	if e.kern != nil && e.kern.Forward(e.outs, e.x32) == nil {
		return e.outs
	}
	for k, m := range e.Members {
		e.outs[k] = m.Forward(e.out[:], e.x32)[0]
	}
	return e.outs
}

// IntegratedGradients attributes Logit(x) - Logit(base) to the inputs:
// (x - base) times the mean gradient along the straight path from base to
// x (midpoint rule, steps points). The attributions sum to the logit
// difference up to the quadrature error, which is what makes them
// readable as "how much each input moved the score".
func (e *Ensemble) IntegratedGradients(dst, x, base []float64, steps int) []float64 {
	clear(dst)
	for i := range x {
		e.x32[i], e.b32[i] = float32(x[i]), float32(base[i])
	}
	if e.kern == nil || e.kern.PathGrad(dst, e.b32, e.x32, steps) != nil {
		for _, m := range e.Members {
			m.PathGrad(dst, e.b32, e.x32, steps, 0)
		}
	}
	norm := float64(steps * len(e.Members))
	for i := range dst {
		dst[i] *= (x[i] - base[i]) / norm
	}
	return dst
}

// Params counts the trainable parameters of all members.
func (e *Ensemble) Params() int {
	n := 0
	for _, m := range e.Members {
		for _, l := range m.Layers {
			n += len(l.W) + len(l.B)
		}
	}
	return n
}

// CrossFit trains folds x seeds members: member j learns on every row
// whose fold is not j % folds and may stop early on the rows of that fold
// (fold[i] in [0, folds) for each row i of x). train(j, tr, st) fits
// member j on rows tr, stopping on rows st. CrossFit returns the members
// and each row's out-of-fold output (the mean over the seeds of the members
// that did not learn on it), which is what calibration is fitted on.
//
// Members are independent, so they train in parallel; each lands in its
// own slot, so the result does not depend on scheduling as long as train
// derives its randomness from j alone.
func CrossFit(x *mat.Dense, fold []int, folds, seeds int, train func(j int, tr, st []int) *engine.Sequential) ([]*engine.Sequential, []float64) {
	n := folds * seeds
	members := make([]*engine.Sequential, n)
	outs := make([][]float64, n) // out-of-fold outputs of member j, in fold row order
	stops := make([][]int, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				k := j % folds
				var tr, st []int
				for i, f := range fold {
					if f == k {
						st = append(st, i)
					} else {
						tr = append(tr, i)
					}
				}
				net := train(j, tr, st)
				out := net.Forward(engine.Rows(x, st), false)
				o := make([]float64, len(st))
				for i := range st {
					o[i] = out.At(i, 0)
				}
				members[j], outs[j], stops[j] = net, o, st
			}
		}()
	}
	for j := 0; j < n; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	oof := make([]float64, len(fold))
	for j := 0; j < n; j++ {
		for i, r := range stops[j] {
			oof[r] += outs[j][i] / float64(seeds)
		}
	}
	return members, oof
}
