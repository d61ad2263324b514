package risk

import (
	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// Fit is a training recipe for one network.
type Fit struct {
	Hidden      []int   // hidden layer widths (ReLU)
	Dropout     float64 // after each hidden layer, training only
	LR          float64 // Adam learning rate
	WeightDecay float64 // decoupled (AdamW)
	MaxEpochs   int
	MinEpochs   int // early stopping never stops before this
	Patience    int // epochs without improvement of the stopping loss
	Batch       int // 0: the whole training set is one batch
	// Wide adds a linear part on the inputs to the network's output
	// (wide and deep); the trained member is merged into one plain MLP.
	Wide bool
}

// member is what trainMember needs of a network in training.
type member interface {
	Forward(x *mat.Dense, train bool) *mat.Dense
	Backward(g *mat.Dense) *mat.Dense
	Params() []*engine.Param
}

// Loss is a training objective over rows of the design matrix: out holds
// the network's outputs for those rows.
type Loss func(out *mat.Dense, rows []int) (float64, *mat.Dense)

// trainMember fits one network on rows train of x and keeps the epoch with
// the lowest loss on rows stop (which it never trains on).
func (f Fit) trainMember(seed uint64, x *mat.Dense, train, stop []int, loss Loss, prog *task.Progress) *engine.Sequential {
	_, d := x.Dims()
	rng := engine.NewRand(seed)
	sizes := append(append([]int{d}, f.Hidden...), 1)
	var net member = engine.NewMLP(rng, sizes, "relu", f.Dropout)
	if f.Wide {
		net = &wideDeep{lin: engine.NewMLP(rng, []int{d, 1}, "relu", 0), deep: net.(*engine.Sequential)}
	}
	ps := net.Params()
	opt := engine.NewAdam(f.LR)
	opt.WeightDecay = f.WeightDecay
	xs := engine.Rows(x, stop)
	es := engine.EarlyStopping{Patience: f.Patience}
	var snap [][]float64
	batch := f.Batch
	if batch <= 0 || batch > len(train) {
		batch = len(train)
	}
	for ep := 0; ep < f.MaxEpochs; ep++ {
		total := 0.0
		for _, b := range engine.Batches(rng, len(train), batch) {
			rows := make([]int, len(b))
			for i, k := range b {
				rows[i] = train[k]
			}
			out := net.Forward(engine.Rows(x, rows), true)
			l, g := loss(out, rows)
			total += l * float64(len(rows))
			engine.ZeroGrad(ps)
			net.Backward(g)
			opt.Step(ps)
		}
		sl, _ := loss(net.Forward(xs, false), stop)
		prog.Epoch(ep+1, f.MaxEpochs, total/float64(len(train)), "loss", sl)
		if improved, done := es.Observe(ep, sl); improved {
			snap = engine.Snapshot(ps)
		} else if done && ep >= f.MinEpochs {
			break
		}
	}
	if snap != nil {
		engine.Restore(ps, snap)
	}
	if wd, ok := net.(*wideDeep); ok {
		return wd.merge(f.Hidden, f.Dropout)
	}
	return net.(*engine.Sequential)
}

// designMatrix encodes records into a matrix, one row each.
func designMatrix(enc *Encoder, recs []task.Record) *mat.Dense {
	x := mat.NewDense(len(recs), enc.Width, nil)
	for i, r := range recs {
		enc.Encode(x.RawRowView(i), r)
	}
	return x
}
