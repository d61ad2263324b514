package risk

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

// Size levels as the rotterdam data codes them; a number of millimetres is
// accepted too and mapped to its level.
var sizeLevels = []string{"<=20", "20-50", ">50"}

// sizeField is the index of size in fields.
const sizeField = 2

func sizeLevel(mm float64) float64 {
	switch {
	case mm <= 20:
		return 0
	case mm <= 50:
		return 1
	}
	return 2
}

func field(name, label, unit string, lo, hi, def float64, cats []float64, desc string) task.Field {
	f := task.Field{}
	f.Name, f.Label, f.Unit, f.Min, f.Max, f.Default, f.Categories, f.Description = name, label, unit, lo, hi, def, cats, desc
	return f
}

// fields are the inputs available in both the Rotterdam training cohort
// and a GBSG-like validation cohort.
var fields = func() []task.Field {
	size := field("size", "Tumour size", "mm", 0.1, 250, 25, nil,
		"largest diameter in mm, or one of the categories <=20, 20-50, >50; the model uses the category (explanations report its code 0, 1, 2)")
	size.Levels, size.FromNumber = sizeLevels, sizeLevel
	return []task.Field{
		field("age", "Age at surgery", "years", 18, 100, 54, nil, ""),
		field("meno", "Menopausal status", "", 0, 1, 1, []float64{0, 1}, "0 premenopausal, 1 postmenopausal"),
		size,
		field("grade", "Tumour grade", "", 1, 3, 3, []float64{1, 2, 3}, "differentiation grade 1, 2 or 3 (the training data has no grade 1 tumours: the model extends its grade 2 to 3 trend one step down)"),
		field("nodes", "Positive lymph nodes", "", 0, 60, 1, nil, "number of involved axillary nodes"),
		optional(field("pgr", "Progesterone receptor", "fmol/l", 0, 10000, 41, nil, "0 is a measured negative value; leave empty if not measured")),
		optional(field("er", "Oestrogen receptor", "fmol/l", 0, 10000, 61, nil, "0 is a measured negative value; leave empty if not measured")),
		field("hormon", "Hormonal therapy", "", 0, 1, 0, []float64{0, 1}, "1 treated with hormonal therapy"),
	}
}()

// evalSchema reads eval files: the inputs plus time (days) and event.
var evalSchema = &task.Schema{
	Fields:  fields,
	Outcome: []string{"time", "event"},
	Truth: func(get func(string) string) (task.Truth, error) {
		t, err := days(get, "time")
		if err != nil {
			return task.Truth{}, err
		}
		e, err := flag01(get, "event")
		if err != nil {
			return task.Truth{}, err
		}
		return task.Truth{Time: t, Event: e}, nil
	},
}

// trainSchema reads rotterdam's train.csv, deriving recurrence-free
// survival as usual: the event is recurrence or death; the time is the
// recurrence time after a recurrence and the death or censoring time
// otherwise.
var trainSchema = &task.Schema{
	Fields:  fields,
	Outcome: []string{"rtime", "recur", "dtime", "death"},
	Truth: func(get func(string) string) (task.Truth, error) {
		recur, err := flag01(get, "recur")
		if err != nil {
			return task.Truth{}, err
		}
		death, err := flag01(get, "death")
		if err != nil {
			return task.Truth{}, err
		}
		col := "dtime"
		if recur {
			col = "rtime"
		}
		t, err := days(get, col)
		if err != nil {
			return task.Truth{}, err
		}
		return task.Truth{Time: t, Event: recur || death}, nil
	},
}

func days(get func(string) string, col string) (float64, error) {
	v, err := strconv.ParseFloat(get(col), 64)
	switch {
	case err != nil:
		return 0, &task.RowError{Column: col, Err: fmt.Errorf("not a number: %q", get(col))}
	case v != v || v <= 0 || v > 100*365.25:
		return 0, &task.RowError{Column: col, Err: fmt.Errorf("%v is not a follow-up time in days (0 to 100 years)", v)}
	}
	return v, nil
}

func flag01(get func(string) string, col string) (bool, error) {
	switch get(col) {
	case "1", "1.0", "true", "TRUE":
		return true, nil
	case "0", "0.0", "false", "FALSE":
		return false, nil
	case "":
		return false, &task.RowError{Column: col, Err: errors.New("value is missing")}
	}
	return false, &task.RowError{Column: col, Err: fmt.Errorf("want 0 or 1, got %q", get(col))}
}
