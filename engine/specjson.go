package engine

import (
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
)

// MarshalLayerSpecs returns exactly what json.Marshal(specs) returns; the
// inference worker links no encoding/json (issue 15).
func MarshalLayerSpecs(specs []LayerSpec) ([]byte, error) {
	if specs == nil {
		return []byte("null"), nil
	}
	b := []byte{'['}
	for i, s := range specs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"kind":`...)
		b = jsonval.AppendString(b, s.Kind)
		if s.Name != "" {
			b = append(b, `,"name":`...)
			b = jsonval.AppendString(b, s.Name)
		}
		if s.In != 0 {
			b = append(b, `,"in":`...)
			b = strconv.AppendInt(b, int64(s.In), 10)
		}
		if s.Out != 0 {
			b = append(b, `,"out":`...)
			b = strconv.AppendInt(b, int64(s.Out), 10)
		}
		if s.P != 0 {
			b = append(b, `,"p":`...)
			var err error
			if b, err = jsonval.AppendFloat(b, s.P, 64); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// UnmarshalLayerSpecs decodes layer specs as json.Unmarshal into a nil
// []LayerSpec did: the same documents accepted, the same specs read.
func UnmarshalLayerSpecs(data []byte) ([]LayerSpec, error) {
	v, err := jsonval.Parse(data)
	if err != nil {
		return nil, err
	}
	switch v.Kind {
	case jsonval.Null:
		return nil, nil
	case jsonval.Array:
	default:
		return nil, jsonval.TypeErrorOf(v, "[]engine.LayerSpec")
	}
	specs := make([]LayerSpec, len(v.Elems))
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for i, e := range v.Elems {
		switch e.Kind {
		case jsonval.Null:
			continue
		case jsonval.Object:
		default:
			keep(jsonval.TypeErrorOf(e, "engine.LayerSpec"))
			continue
		}
		s := &specs[i]
		for _, m := range e.Members {
			switch {
			case jsonval.SameKey(m.Key, "kind"):
				keep(jsonval.InField(m.Value.DecodeString(&s.Kind), "LayerSpec", "kind"))
			case jsonval.SameKey(m.Key, "name"):
				keep(jsonval.InField(m.Value.DecodeString(&s.Name), "LayerSpec", "name"))
			case jsonval.SameKey(m.Key, "in"):
				keep(jsonval.InField(m.Value.DecodeInt(&s.In), "LayerSpec", "in"))
			case jsonval.SameKey(m.Key, "out"):
				keep(jsonval.InField(m.Value.DecodeInt(&s.Out), "LayerSpec", "out"))
			case jsonval.SameKey(m.Key, "p"):
				keep(jsonval.InField(m.Value.DecodeFloat(&s.P, 64), "LayerSpec", "p"))
			}
		}
	}
	if first != nil {
		return nil, first
	}
	return specs, nil
}
