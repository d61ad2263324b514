package engine

import (
	"fmt"
	"math"
	"slices"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// Int8 rows: a 2-D weight NAME may be stored as an I8 tensor with an F32
// tensor NAME.scale of one value per row, meaning
//
//	value[r][c] = float32(q[r][c]) * scale[r]
//
// (symmetric, scale = max |row| / 127; in Python,
// q.astype(np.float32) * scale[:, None]). Embedding tables and wide
// bag-of-words weights are most of a text model's bytes, and at a quarter
// of the size they give the same predictions (measured on the validation
// splits: see the model cards). Every loader of this package (float32 and
// float64) reads either form.

// ScaleSuffix names the per-row scale tensor of an int8 weight.
const ScaleSuffix = ".scale"

// QuantizeRows rounds the row-major [shape[0], rest] weights v to int8
// rows in place, so that a float64 model can be evaluated with exactly
// the values its file will hold, and returns the I8 tensor and its scale
// tensor to write. It is idempotent: quantizing quantized values gives the
// same tensors. It panics if shape and v disagree (a programming error).
func QuantizeRows(name string, shape []int, v []float64) (q, scale safetensors.Tensor) {
	if len(shape) != 2 || shape[0]*shape[1] != len(v) {
		panic(fmt.Sprintf("engine: QuantizeRows %q: shape %v for %d values", name, shape, len(v)))
	}
	rows, cols := shape[0], shape[1]
	data := make([]byte, len(v))
	scales := make([]float32, rows)
	for r := 0; r < rows; r++ {
		row := v[r*cols : (r+1)*cols]
		m := 0.0
		for _, x := range row {
			m = math.Max(m, math.Abs(x))
		}
		s := float32(m / 127)
		scales[r] = s
		for c, x := range row {
			k := 0.0
			if s > 0 {
				k = math.Max(-127, math.Min(127, math.Round(x/float64(s))))
			}
			data[r*cols+c] = byte(int8(k))
			row[c] = k * float64(s)
		}
	}
	q = safetensors.Tensor{Name: name, DType: safetensors.I8, Shape: slices.Clone(shape), Data: data}
	return q, safetensors.NewF32(name+ScaleSuffix, []int{rows}, scales)
}

// Weights32 reads the tensor name as float32 values, from F32 or from int8
// rows with their scale, and checks its shape.
func Weights32(f *safetensors.File, name string, shape ...int) ([]float32, error) {
	t, ok := f.Tensor(name)
	if !ok {
		return nil, fmt.Errorf("engine: weights file has no tensor %q", name)
	}
	if !slices.Equal(t.Shape, shape) {
		return nil, fmt.Errorf("engine: tensor %q has shape %v, want %v", name, t.Shape, shape)
	}
	if t.DType != safetensors.I8 {
		return t.Float32()
	}
	if len(shape) != 2 {
		return nil, fmt.Errorf("engine: int8 tensor %q has shape %v; only 2-D weights are stored as int8 rows", name, shape)
	}
	st, ok := f.Tensor(name + ScaleSuffix)
	if !ok {
		return nil, fmt.Errorf("engine: int8 tensor %q has no %q", name, name+ScaleSuffix)
	}
	if !slices.Equal(st.Shape, []int{shape[0]}) {
		return nil, fmt.Errorf("engine: tensor %q has shape %v, want [%d]", st.Name, st.Shape, shape[0])
	}
	scales, err := st.Float32()
	if err != nil {
		return nil, err
	}
	out := make([]float32, len(t.Data))
	cols := shape[1]
	for r, s := range scales {
		if !(s >= 0) || math.IsInf(float64(s), 0) {
			return nil, fmt.Errorf("engine: tensor %q: row %d has scale %v, want a finite value >= 0", st.Name, r, s)
		}
		for c := 0; c < cols; c++ {
			out[r*cols+c] = float32(int8(t.Data[r*cols+c])) * s
		}
	}
	return out, nil
}
