package metrics

import "math"

// Bin is one row of a reliability table: the probabilities in [Low, High),
// their mean and the observed fraction of positives.
type Bin struct {
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	MeanPred float64 `json:"mean_pred"`
	FracTrue float64 `json:"frac_true"`
	N        int     `json:"n"`
}

// Reliability bins probabilities into n equal-width bins and returns the
// reliability table (empty bins omitted) and the expected calibration
// error: the count-weighted mean |mean predicted - observed fraction|.
func Reliability(prob []float64, pos []bool, n int) ([]Bin, float64) {
	type acc struct {
		sp, sy float64
		n      int
	}
	bins := make([]acc, n)
	for i, p := range prob {
		k := int(p * float64(n))
		if k >= n {
			k = n - 1
		}
		if k < 0 {
			k = 0
		}
		bins[k].sp += p
		if pos[i] {
			bins[k].sy++
		}
		bins[k].n++
	}
	var out []Bin
	ece := 0.0
	for k, b := range bins {
		if b.n == 0 {
			continue
		}
		mp, fy := b.sp/float64(b.n), b.sy/float64(b.n)
		out = append(out, Bin{
			Low: float64(k) / float64(n), High: float64(k+1) / float64(n),
			MeanPred: mp, FracTrue: fy, N: b.n,
		})
		ece += float64(b.n) * math.Abs(mp-fy)
	}
	if len(prob) > 0 {
		ece /= float64(len(prob))
	}
	return out, ece
}

// Sigmoid is the logistic function.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// FitPlatt fits p = sigmoid(a*logit + b) by Newton's method on the log
// loss, with Platt's target smoothing ((n+ + 1)/(n+ + 2), 1/(n- + 2)) so
// that separable validation data does not drive a to infinity.
func FitPlatt(logit []float64, pos []bool) (a, b float64) {
	var np, nn float64
	for _, p := range pos {
		if p {
			np++
		} else {
			nn++
		}
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	a, b = 1, 0
	for it := 0; it < 100; it++ {
		var g1, g2, h11, h12, h22 float64
		for i, z := range logit {
			y := lo
			if pos[i] {
				y = hi
			}
			p := Sigmoid(a*z + b)
			d := p - y
			w := p * (1 - p)
			g1 += d * z
			g2 += d
			h11 += w * z * z
			h12 += w * z
			h22 += w
		}
		h11 += 1e-9
		h22 += 1e-9
		det := h11*h22 - h12*h12
		if det <= 0 {
			break
		}
		da := (h22*g1 - h12*g2) / det
		db := (h11*g2 - h12*g1) / det
		a -= da
		b -= db
		if math.Abs(da)+math.Abs(db) < 1e-10 {
			break
		}
	}
	return a, b
}

// FitTemperature finds T > 0 minimising the cross-entropy of
// softmax(logits / T) by golden-section search on log T in [1/20, 20].
func FitTemperature(logits [][]float64, truth []int) float64 {
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		s := 0.0
		for i, z := range logits {
			m := math.Inf(-1)
			for _, v := range z {
				m = math.Max(m, v/t)
			}
			sum := 0.0
			for _, v := range z {
				sum += math.Exp(v/t - m)
			}
			s -= z[truth[i]]/t - m - math.Log(sum)
		}
		return s
	}
	lo, hi := math.Log(1.0/20), math.Log(20)
	phi := (math.Sqrt(5) - 1) / 2
	c, d := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fc, fd := nll(c), nll(d)
	for k := 0; k < 80; k++ {
		if fc < fd {
			hi, d, fd = d, c, fc
			c = hi - phi*(hi-lo)
			fc = nll(c)
		} else {
			lo, c, fc = c, d, fd
			d = lo + phi*(hi-lo)
			fd = nll(d)
		}
	}
	return math.Exp((lo + hi) / 2)
}
