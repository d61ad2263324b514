package engine

import (
	"fmt"
	"io"
	"slices"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// SaveParams writes the parameters as F32 tensors (weights ship as float32;
// training is float64) with the given metadata.
func SaveParams(w io.Writer, ps []*Param, meta map[string]string) error {
	f := &safetensors.File{Metadata: meta}
	for _, p := range ps {
		v := make([]float32, len(p.Value))
		for i, x := range p.Value {
			v[i] = float32(x)
		}
		f.Tensors = append(f.Tensors, safetensors.NewF32(p.Name, p.Shape, v))
	}
	return safetensors.Encode(w, f)
}

// LoadParams fills the parameters from the tensors of the same name, which
// must exist with the same shape (F32, F64 or int8 rows). The file may
// hold more tensors than asked for.
func LoadParams(f *safetensors.File, ps []*Param) error {
	for _, p := range ps {
		t, ok := f.Tensor(p.Name)
		if !ok {
			return fmt.Errorf("engine: weights file has no tensor %q", p.Name)
		}
		if !slices.Equal(t.Shape, p.Shape) {
			return fmt.Errorf("engine: tensor %q has shape %v, model needs %v", p.Name, t.Shape, p.Shape)
		}
		if t.DType == safetensors.I8 {
			v, err := Weights32(f, p.Name, p.Shape...)
			if err != nil {
				return err
			}
			for i, x := range v {
				p.Value[i] = float64(x)
			}
			continue
		}
		v, err := t.Float64()
		if err != nil {
			return err
		}
		copy(p.Value, v)
	}
	return nil
}

// Save writes the model's weights and its layer specs (under MetaLayers)
// plus any extra metadata.
func (s *Sequential) Save(w io.Writer, meta map[string]string) error {
	m := map[string]string{MetaLayers: specsJSON(s)}
	for k, v := range meta {
		m[k] = v
	}
	return SaveParams(w, s.Params(), m)
}

// LoadSequential rebuilds a float64 Sequential from a file written by
// Save, e.g. to compute input gradients for explanations or to fine-tune.
func LoadSequential(f *safetensors.File) (*Sequential, error) {
	specs, err := layerSpecs(f)
	if err != nil {
		return nil, err
	}
	// Check every tensor the specs ask for before allocating, so that a
	// small hostile file cannot make us allocate a huge model.
	for _, sp := range specs {
		if sp.Kind == "dense" {
			if err := HasShape(f, sp.Name+".weight", sp.Out, sp.In); err != nil {
				return nil, err
			}
			if err := HasShape(f, sp.Name+".bias", sp.Out); err != nil {
				return nil, err
			}
		}
	}
	s, err := NewSequential(specs, 1)
	if err != nil {
		return nil, err
	}
	if err := LoadParams(f, s.Params()); err != nil {
		return nil, err
	}
	return s, nil
}

func layerSpecs(f *safetensors.File) ([]LayerSpec, error) {
	raw, ok := f.Metadata[MetaLayers]
	if !ok {
		return nil, fmt.Errorf("engine: weights file has no %q metadata: not written by Sequential.Save", MetaLayers)
	}
	specs, err := UnmarshalLayerSpecs([]byte(raw))
	if err != nil {
		return nil, fmt.Errorf("engine: bad %q metadata: %v", MetaLayers, err)
	}
	return specs, nil
}

// HasShape checks that the file holds a tensor of that name and shape.
func HasShape(f *safetensors.File, name string, shape ...int) error {
	t, ok := f.Tensor(name)
	if !ok {
		return fmt.Errorf("engine: weights file has no tensor %q", name)
	}
	if !slices.Equal(t.Shape, shape) {
		return fmt.Errorf("engine: tensor %q has shape %v, want %v", name, t.Shape, shape)
	}
	return nil
}
