package risk

import (
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
)

// The metadata of a risk file is written and read as encoding/json did,
// byte for byte, without it: the inference worker links no encoding/json
// (issue 15). codec_test.go checks each against encoding/json.

// mustJSON returns what a marshaler wrote; the values marshalled are
// finite by construction, so an error is a bug.
func mustJSON(b []byte, err error) string {
	if err != nil {
		panic(err)
	}
	return string(b)
}

func marshalEncoder(e *Encoder) ([]byte, error) {
	if e == nil {
		return []byte("null"), nil
	}
	b := []byte(`{"columns":`)
	if e.Columns == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range e.Columns {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendColumn(b, &e.Columns[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"width":`...)
	b = strconv.AppendInt(b, int64(e.Width), 10)
	return append(b, '}'), nil
}

func appendColumn(b []byte, c *Column) ([]byte, error) {
	b = append(b, `{"name":`...)
	b = jsonval.AppendString(b, c.Name)
	for _, f := range []struct {
		on   bool
		name string
	}{{c.OneHot, `,"one_hot":true`}, {c.Log, `,"log1p":true`}, {c.Indicator, `,"indicator":true`}, {c.Clip, `,"clip":true`}} {
		if f.on {
			b = append(b, f.name...)
		}
	}
	var err error
	number := func(key string, v float64) {
		if err == nil {
			b = append(b, key...)
			b, err = jsonval.AppendFloat(b, v, 64)
		}
	}
	number(`,"impute":`, c.Impute)
	number(`,"mean":`, c.Mean)
	number(`,"sd":`, c.SD)
	if err == nil && len(c.Levels) > 0 {
		b = append(b, `,"levels":`...)
		b, err = jsonval.AppendFloats(b, c.Levels)
	}
	number(`,"lo":`, c.Lo)
	number(`,"hi":`, c.Hi)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func marshalCalibration(c calibration) ([]byte, error) {
	b, err := jsonval.AppendFloat([]byte(`{"a":`), c.A, 64)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"b":`...)
	if b, err = jsonval.AppendFloat(b, c.B, 64); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func marshalFloats(v []float64) ([]byte, error) { return jsonval.AppendFloats(nil, v) }

func marshalStrings(v []string) ([]byte, error) { return jsonval.AppendStrings(nil, v), nil }

func marshalSurvState(st survState) ([]byte, error) {
	b, err := jsonval.AppendFloat([]byte(`{"slope":`), st.Slope, 64)
	for _, f := range []struct {
		key string
		v   []float64
	}{{`,"center":`, nil}, {`,"days":`, st.Days}, {`,"cumhaz":`, st.CumHaz}, {`,"tertiles":`, st.Tertiles}} {
		if err != nil {
			return nil, err
		}
		b = append(b, f.key...)
		if f.v == nil && f.key == `,"center":` {
			b, err = jsonval.AppendFloat(b, st.Center, 64)
		} else {
			b, err = jsonval.AppendFloats(b, f.v)
		}
	}
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// unmarshalEncoder decodes data into *e as json.Unmarshal(data, e) does.
func unmarshalEncoder(data []byte, e *Encoder) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "risk.Encoder", "Encoder", false,
		jsonval.Field{Name: "columns", Decode: func(v jsonval.Value) error {
			return jsonval.DecodeSlice(v, &e.Columns, "[]risk.Column", decodeColumn)
		}},
		jsonval.Field{Name: "width", Decode: func(v jsonval.Value) error { return v.DecodeInt(&e.Width) }},
	)
}

func decodeColumn(v jsonval.Value, c *Column) error {
	return jsonval.DecodeStruct(v, "risk.Column", "Column", false,
		jsonval.Field{Name: "name", Decode: func(v jsonval.Value) error { return v.DecodeString(&c.Name) }},
		jsonval.Field{Name: "one_hot", Decode: func(v jsonval.Value) error { return v.DecodeBool(&c.OneHot) }},
		jsonval.Field{Name: "log1p", Decode: func(v jsonval.Value) error { return v.DecodeBool(&c.Log) }},
		jsonval.Field{Name: "indicator", Decode: func(v jsonval.Value) error { return v.DecodeBool(&c.Indicator) }},
		jsonval.Field{Name: "clip", Decode: func(v jsonval.Value) error { return v.DecodeBool(&c.Clip) }},
		jsonval.Field{Name: "impute", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.Impute, 64) }},
		jsonval.Field{Name: "mean", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.Mean, 64) }},
		jsonval.Field{Name: "sd", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.SD, 64) }},
		jsonval.Field{Name: "levels", Decode: func(v jsonval.Value) error { return v.DecodeFloats(&c.Levels) }},
		jsonval.Field{Name: "lo", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.Lo, 64) }},
		jsonval.Field{Name: "hi", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.Hi, 64) }},
	)
}

// unmarshalCalibration decodes data into *c as json.Unmarshal(data, c) does.
func unmarshalCalibration(data []byte, c *calibration) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "risk.calibration", "calibration", false,
		jsonval.Field{Name: "a", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.A, 64) }},
		jsonval.Field{Name: "b", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.B, 64) }},
	)
}

// unmarshalSurvState decodes data into *st as json.Unmarshal(data, st) does.
func unmarshalSurvState(data []byte, st *survState) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "risk.survState", "survState", false,
		jsonval.Field{Name: "slope", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&st.Slope, 64) }},
		jsonval.Field{Name: "center", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&st.Center, 64) }},
		jsonval.Field{Name: "days", Decode: func(v jsonval.Value) error { return v.DecodeFloats(&st.Days) }},
		jsonval.Field{Name: "cumhaz", Decode: func(v jsonval.Value) error { return v.DecodeFloats(&st.CumHaz) }},
		jsonval.Field{Name: "tertiles", Decode: func(v jsonval.Value) error { return v.DecodeFloats(&st.Tertiles) }},
	)
}

// unmarshalFloats decodes data into *v as json.Unmarshal(data, v) does.
func unmarshalFloats(data []byte, v *[]float64) error {
	doc, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return doc.DecodeFloats(v)
}
