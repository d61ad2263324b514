package risk

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

// Encoding says how one input field becomes network inputs.
type Encoding struct {
	OneHot    bool      // one column per category (Levels, else Feature.Categories)
	Levels    []float64 // codes of a field that also accepts other values (e.g. size as level name or mm)
	Log       bool      // log1p before standardising (skewed lab values, counts)
	Indicator bool      // add a "was missing" column (missingness carries signal)
	Clip      bool      // clamp to the training range first, so that the network never extrapolates
}

// Encoder is the preprocessing learned on the training rows, stored in the
// weights file: imputation values, transforms, standardisation and
// one-hot levels. Encoding a record depends on nothing else, so the
// browser and the command line compute the same inputs.
type Encoder struct {
	Columns []Column `json:"columns"`
	Width   int      `json:"width"`
}

// Column is the learned state of one field.
type Column struct {
	Name      string    `json:"name"`
	OneHot    bool      `json:"one_hot,omitempty"`
	Log       bool      `json:"log1p,omitempty"`
	Indicator bool      `json:"indicator,omitempty"`
	Clip      bool      `json:"clip,omitempty"`
	Impute    float64   `json:"impute"` // raw-scale value used when missing (median, or mode for one-hot)
	Mean      float64   `json:"mean"`   // of the transformed, imputed value
	SD        float64   `json:"sd"`
	Levels    []float64 `json:"levels,omitempty"` // one-hot categories
	Lo        float64   `json:"lo"`               // observed training range (raw scale),
	Hi        float64   `json:"hi"`               // beyond which predictions extrapolate
}

// width is the number of network inputs of the column.
func (c *Column) width() int {
	w := 1
	if c.OneHot {
		w = len(c.Levels)
	}
	if c.Indicator {
		w++
	}
	return w
}

func (c *Column) transform(v float64) float64 {
	if c.Clip {
		v = math.Min(math.Max(v, c.Lo), c.Hi)
	}
	if c.Log {
		return math.Log1p(math.Max(v, 0))
	}
	return v
}

// fitEncoder learns the encoder from training records.
func fitEncoder(fields []task.Field, enc []Encoding, rows []task.Record) (*Encoder, error) {
	e := &Encoder{}
	for j, f := range fields {
		c := Column{Name: f.Name, OneHot: enc[j].OneHot, Log: enc[j].Log, Indicator: enc[j].Indicator, Clip: enc[j].Clip}
		var seen []float64
		for _, r := range rows {
			if !r.Missing[j] {
				seen = append(seen, r.Values[j])
			}
		}
		if len(seen) == 0 {
			return nil, fmt.Errorf("risk: field %s has no observed value in training", f.Name)
		}
		c.Lo, c.Hi = seen[0], seen[0]
		for _, v := range seen {
			c.Lo, c.Hi = math.Min(c.Lo, v), math.Max(c.Hi, v)
		}
		if c.OneHot {
			c.Levels = append([]float64(nil), f.Categories...)
			if enc[j].Levels != nil {
				c.Levels = append([]float64(nil), enc[j].Levels...)
			}
			if len(c.Levels) == 0 {
				return nil, fmt.Errorf("risk: one-hot field %s has no categories", f.Name)
			}
			c.Impute = mode(seen)
			c.SD = 1
		} else {
			c.Impute = median(seen)
			var s, ss float64
			for _, r := range rows {
				v := c.Impute
				if !r.Missing[j] {
					v = r.Values[j]
				}
				v = c.transform(v)
				s += v
				ss += v * v
			}
			n := float64(len(rows))
			c.Mean = s / n
			c.SD = math.Sqrt(math.Max(ss/n-c.Mean*c.Mean, 0))
			if c.SD < 1e-9 {
				c.SD = 1
			}
		}
		e.Columns = append(e.Columns, c)
		e.Width += c.width()
	}
	return e, nil
}

// Encode writes the network inputs of r into dst (len Width) and returns
// it. owner[k] (if not nil) receives the field index of input k, so that
// contributions can be summed back per field.
func (e *Encoder) Encode(dst []float64, r task.Record) []float64 {
	k := 0
	for j := range e.Columns {
		c := &e.Columns[j]
		v, miss := r.Values[j], r.Missing[j]
		if miss {
			v = c.Impute
		}
		if c.OneHot {
			for _, l := range c.Levels {
				dst[k] = 0
				if v == l {
					dst[k] = 1
				}
				k++
			}
		} else {
			dst[k] = (c.transform(v) - c.Mean) / c.SD
			k++
		}
		if c.Indicator {
			dst[k] = 0
			if miss {
				dst[k] = 1
			}
			k++
		}
	}
	return dst
}

// Owners maps every network input to the index of its field.
func (e *Encoder) Owners() []int {
	var out []int
	for j := range e.Columns {
		for range e.Columns[j].width() {
			out = append(out, j)
		}
	}
	return out
}

// Names labels every network input, e.g. "cp=4" or "insulin missing".
func (e *Encoder) Names() []string {
	var out []string
	for _, c := range e.Columns {
		if c.OneHot {
			for _, l := range c.Levels {
				out = append(out, fmt.Sprintf("%s=%g", c.Name, l))
			}
		} else {
			out = append(out, c.Name)
		}
		if c.Indicator {
			out = append(out, c.Name+" missing")
		}
	}
	return out
}

// maxLevels bounds a one-hot column read from a file.
const maxLevels = 256

// check validates an encoder read from a weights file against the model's
// fields and encodings: the file may only carry what training learns
// (statistics, ranges), never change the layout the model was built for.
func (e *Encoder) check(fields []task.Field, enc []Encoding) error {
	if len(e.Columns) != len(fields) {
		return fmt.Errorf("encoder has %d columns, the model has %d inputs", len(e.Columns), len(fields))
	}
	w := 0
	for j, c := range e.Columns {
		if c.Name != fields[j].Name {
			return fmt.Errorf("encoder column %d is %q, want %q", j, c.Name, fields[j].Name)
		}
		want := enc[j]
		if c.OneHot != want.OneHot || c.Log != want.Log || c.Indicator != want.Indicator || c.Clip != want.Clip {
			return fmt.Errorf("encoder column %q is not encoded the way the model encodes it", c.Name)
		}
		if !(c.SD > 0) || !finite(c.SD) || !finite(c.Mean) || !finite(c.Impute) || !finite(c.Lo) || !finite(c.Hi) || c.Lo > c.Hi {
			return fmt.Errorf("encoder column %q has unusable statistics", c.Name)
		}
		if c.OneHot {
			levels := fields[j].Categories
			if want.Levels != nil {
				levels = want.Levels
			}
			if len(c.Levels) == 0 || len(c.Levels) > maxLevels || !slices.Equal(c.Levels, levels) {
				return fmt.Errorf("encoder column %q has one-hot levels %v, want %v", c.Name, c.Levels, levels)
			}
		} else if len(c.Levels) != 0 {
			return fmt.Errorf("encoder column %q has one-hot levels but is numeric", c.Name)
		}
		w += c.width()
	}
	if w != e.Width {
		return fmt.Errorf("encoder width %d does not add up to %d", e.Width, w)
	}
	return nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func mode(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	best, bestN := s[0], 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		if j-i > bestN {
			best, bestN = s[i], j-i
		}
		i = j
	}
	return best
}

// reference decodes the reference point base (an encoded row) into each
// field's raw value: the inverse of standardising and log1p for a numeric
// field, NaN for a one-hot field, whose reference is a mixture of levels.
func (e *Encoder) reference(base []float64) []float64 {
	out := make([]float64, len(e.Columns))
	k := 0
	for j := range e.Columns {
		c := &e.Columns[j]
		if c.OneHot {
			out[j] = math.NaN()
		} else {
			v := base[k]*c.SD + c.Mean
			if c.Log {
				v = math.Expm1(v)
			}
			out[j] = v
		}
		k += c.width()
	}
	return out
}
