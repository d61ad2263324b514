package risk

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

// codeTruth reads an outcome column whose values map to positive or
// negative; anything else is an error naming the column.
func codeTruth(column string, values map[string]bool) func(get func(string) string) (task.Truth, error) {
	return func(get func(string) string) (task.Truth, error) {
		v := get(column)
		pos, ok := values[v]
		if !ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				pos, ok = values[strconv.FormatFloat(f, 'g', -1, 64)]
			}
		}
		if !ok {
			if v == "" {
				return task.Truth{}, &task.RowError{Column: column, Err: errors.New("outcome is missing")}
			}
			return task.Truth{}, &task.RowError{Column: column, Err: fmt.Errorf("unknown outcome %q", v)}
		}
		return task.Truth{Positive: pos}, nil
	}
}

// num is a numeric input with a plausible range.
func num(name, label, unit string, lo, hi, def float64, desc string) task.Field {
	f := task.Field{}
	f.Name, f.Label, f.Unit, f.Min, f.Max, f.Default, f.Description = name, label, unit, lo, hi, def, desc
	return f
}

// cat is a coded categorical input.
func cat(name, label string, codes []float64, def float64, desc string) task.Field {
	f := task.Field{}
	f.Name, f.Label, f.Categories, f.Default, f.Description = name, label, codes, def, desc
	f.Min, f.Max = codes[0], codes[len(codes)-1]
	return f
}
