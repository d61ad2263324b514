package engine

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Every loss returns the mean loss over the batch and its gradient with
// respect to the logits, ready to pass to the model's Backward.

// BCEWithLogits is binary cross-entropy on logits, applied to every entry
// of a batch×k logits matrix against targets in [0, 1] of the same shape.
// PosWeight (0 means 1) multiplies the positive term, PyTorch's
// pos_weight, for imbalanced data.
type BCEWithLogits struct {
	PosWeight float64
}

// Loss computes pw·y·softplus(−x) + (1−y)·softplus(x), which equals
// −[pw·y·log σ(x) + (1−y)·log(1−σ(x))] without overflow for any x.
func (b BCEWithLogits) Loss(logits, targets *mat.Dense) (float64, *mat.Dense) {
	sameDims("BCEWithLogits", logits, targets)
	pw := b.PosWeight
	if pw == 0 {
		pw = 1
	}
	r, c := logits.Dims()
	n := float64(r * c)
	grad := mat.NewDense(r, c, nil)
	var sum float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			x, y := logits.At(i, j), targets.At(i, j)
			sum += pw*y*softplus(-x) + (1-y)*softplus(x)
			grad.Set(i, j, (Sigmoid(x)*(pw*y+1-y)-pw*y)/n)
		}
	}
	return sum / n, grad
}

// CrossEntropy is categorical cross-entropy on logits (softmax computed
// inside, through LogSumExp).
//
// With label smoothing ε the target for class k is (1−ε)·[k = label] + ε/K.
// With ClassWeights the per-example losses are weighted by the weight of
// the example's label and the mean is Σ wᵢ·lᵢ / Σ wᵢ (PyTorch's convention).
type CrossEntropy struct {
	ClassWeights []float64
	Smoothing    float64
}

func (c CrossEntropy) Loss(logits *mat.Dense, labels []int) (float64, *mat.Dense) {
	r, k := logits.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("engine: CrossEntropy: %d labels for %d rows", len(labels), r))
	}
	if c.ClassWeights != nil && len(c.ClassWeights) != k {
		panic(fmt.Sprintf("engine: CrossEntropy: %d class weights for %d classes", len(c.ClassWeights), k))
	}
	grad := mat.NewDense(r, k, nil)
	p := make([]float64, k)
	var sum, wsum float64
	for i, y := range labels {
		if y < 0 || y >= k {
			panic(fmt.Sprintf("engine: CrossEntropy: label %d outside [0,%d)", y, k))
		}
		w := 1.0
		if c.ClassWeights != nil {
			w = c.ClassWeights[y]
		}
		row := logits.RawRowView(i)
		lse := LogSumExp(row)
		g := grad.RawRowView(i)
		var l float64
		for j, x := range row {
			q := c.Smoothing / float64(k)
			if j == y {
				q += 1 - c.Smoothing
			}
			p[j] = math.Exp(x - lse)
			l -= q * (x - lse)
			g[j] = w * (p[j] - q)
		}
		sum += w * l
		wsum += w
	}
	if wsum == 0 {
		return 0, grad
	}
	grad.Scale(1/wsum, grad)
	return sum / wsum, grad
}

// MSE is the mean squared error over all entries, for regression heads.
func MSE(pred, target *mat.Dense) (float64, *mat.Dense) {
	sameDims("MSE", pred, target)
	r, c := pred.Dims()
	n := float64(r * c)
	grad := mat.NewDense(r, c, nil)
	grad.Sub(pred, target)
	var sum float64
	for _, v := range grad.RawMatrix().Data {
		sum += v * v
	}
	grad.Scale(2/n, grad)
	return sum / n, grad
}
