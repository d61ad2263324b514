package ensemble_test

import (
	"bytes"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/ensemble"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// Two members cross-fitted on two folds, written and read back.
func Example() {
	x := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 1, 1, 0, 0})
	fold := []int{0, 1, 0, 1}
	members, oof := ensemble.CrossFit(x, fold, 2, 1, func(j int, tr, st []int) *engine.Sequential {
		return engine.NewMLP(engine.NewRand(uint64(j)), []int{2, 3, 1}, "relu", 0)
	})
	keys := ensemble.Keys{Layers: "example.layers", Members: "example.members"}
	var buf bytes.Buffer
	if err := ensemble.SaveEnsemble(&buf, members, nil, keys); err != nil {
		panic(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		panic(err)
	}
	e, err := ensemble.LoadEnsemble(f, 2, keys)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(e.Members), len(oof), f.Metadata["example.members"])
	// Output: 2 4 2
}
