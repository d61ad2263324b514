package engine_test

import (
	"bytes"
	"fmt"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
	"gonum.org/v1/gonum/mat"
)

// Train a logistic model on a separable toy problem, save it, and run the
// float32 inference copy from the saved bytes.
func Example() {
	rng := engine.NewRand(1)
	x := mat.NewDense(8, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1, 2, 2, 2, 3, 3, 2, 3, 3})
	y := mat.NewDense(8, 1, []float64{0, 0, 0, 0, 1, 1, 1, 1})
	model := engine.NewMLP(rng, []int{2, 4, 1}, "relu", 0)
	opt := engine.NewAdam(0.05)
	ps := model.Params()
	for epoch := 0; epoch < 200; epoch++ {
		engine.ZeroGrad(ps)
		_, grad := engine.BCEWithLogits{}.Loss(model.Forward(x, true), y)
		model.Backward(grad)
		opt.Step(ps)
	}

	var file bytes.Buffer
	if err := model.Save(&file, map[string]string{"task": "toy"}); err != nil {
		panic(err)
	}
	f, err := safetensors.Decode(file.Bytes())
	if err != nil {
		panic(err)
	}
	m32, err := engine.LoadMLP32(f)
	if err != nil {
		panic(err)
	}
	out := make([]float32, 1)
	for _, p := range [][]float32{{0, 0}, {3, 3}} {
		m32.Forward(out, p)
		fmt.Printf("%v -> positive: %v\n", p, out[0] > 0)
	}
	// Output:
	// [0 0] -> positive: false
	// [3 3] -> positive: true
}
