package risk

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// maxMembers bounds what a weights file may ask the loader to build.
const maxMembers = 64

// Ensemble is the float32 inference form of several networks of the same
// architecture whose logits are averaged. Averaging seeds and folds is the
// cheapest variance reduction there is on datasets of a few hundred rows.
// It keeps scratch buffers: not safe for concurrent use.
type Ensemble struct {
	Members  []*engine.MLP32
	x32, b32 []float32
	out      [1]float32
}

// SaveEnsemble writes the members' parameters (float32) and meta.
func SaveEnsemble(w io.Writer, members []*engine.Sequential, meta map[string]string) error {
	if len(members) == 0 || len(members) > maxMembers {
		return fmt.Errorf("risk: %d ensemble members", len(members))
	}
	specs, err := json.Marshal(members[0].Specs())
	if err != nil {
		return err
	}
	var ps []*engine.Param
	for k, m := range members {
		for _, p := range m.Params() {
			ps = append(ps, &engine.Param{Name: fmt.Sprintf("m%d.%s", k, p.Name), Shape: p.Shape, Value: p.Value})
		}
	}
	all := map[string]string{clinical.MetaLayers: string(specs), clinical.MetaMembers: strconv.Itoa(len(members))}
	for k, v := range meta {
		all[k] = v
	}
	return engine.SaveParams(w, ps, all)
}

// LoadEnsemble builds the members from a file written by SaveEnsemble and
// checks that each takes in inputs and gives one output.
func LoadEnsemble(f *safetensors.File, in int) (*Ensemble, error) {
	var specs []engine.LayerSpec
	if err := json.Unmarshal([]byte(f.Metadata[clinical.MetaLayers]), &specs); err != nil {
		return nil, fmt.Errorf("bad %s metadata: %v", clinical.MetaLayers, err)
	}
	n, err := strconv.Atoi(f.Metadata[clinical.MetaMembers])
	if err != nil || n < 1 || n > maxMembers {
		return nil, fmt.Errorf("bad %s metadata %q", clinical.MetaMembers, f.Metadata[clinical.MetaMembers])
	}
	e := &Ensemble{}
	for k := 0; k < n; k++ {
		sk := make([]engine.LayerSpec, len(specs))
		for i, s := range specs {
			sk[i] = s
			if s.Name != "" {
				sk[i].Name = fmt.Sprintf("m%d.%s", k, s.Name)
			}
		}
		m, err := engine.NewMLP32(sk, f)
		if err != nil {
			return nil, err
		}
		if m.In() != in || m.Out() != 1 {
			return nil, fmt.Errorf("member %d maps %d inputs to %d outputs, want %d to 1", k, m.In(), m.Out(), in)
		}
		e.Members = append(e.Members, m)
	}
	e.x32, e.b32 = make([]float32, in), make([]float32, in)
	return e, nil
}

// Logit is the members' mean output for x.
func (e *Ensemble) Logit(x []float64) float64 {
	for i, v := range x {
		e.x32[i] = float32(v)
	}
	s := 0.0
	for _, m := range e.Members {
		s += float64(m.Forward(e.out[:], e.x32)[0])
	}
	return s / float64(len(e.Members))
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
	for _, m := range e.Members {
		m.PathGrad(dst, e.b32, e.x32, steps, 0)
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
