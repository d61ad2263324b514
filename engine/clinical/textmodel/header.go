package textmodel

import (
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
)

// marshalHeader returns exactly what json.Marshal(h) returns; the
// inference worker links no encoding/json (issue 15).
func marshalHeader(h fileHeader) ([]byte, error) {
	b := []byte(`{"name":`)
	b = jsonval.AppendString(b, h.Name)
	b = append(b, `,"version":`...)
	b = jsonval.AppendString(b, h.Version)
	b = append(b, `,"labels":`...)
	if h.Labels == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range h.Labels {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonval.AppendString(b, l)
		}
		b = append(b, ']')
	}
	b = append(b, `,"spec":`...)
	b = jsonval.AppendString(b, h.Spec)
	b = append(b, `,"members":`...)
	b = strconv.AppendInt(b, int64(h.Members), 10)
	b = append(b, `,"max_tokens":`...)
	b = strconv.AppendInt(b, int64(h.MaxTokens), 10)
	b = append(b, `,"max_runes":`...)
	b = strconv.AppendInt(b, int64(h.MaxRunes), 10)
	b = append(b, `,"bigrams":`...)
	b = strconv.AppendBool(b, h.Bigrams)
	b = append(b, `,"temperature":`...)
	b, err := jsonval.AppendFloat(b, h.Temperature, 64)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"min_confidence":`...)
	if b, err = jsonval.AppendFloat(b, h.MinConfidence, 64); err != nil {
		return nil, err
	}
	b = append(b, `,"drop_unasserted":`...)
	b = strconv.AppendBool(b, h.DropUnasserted)
	return append(b, '}'), nil
}

// unmarshalHeader decodes data into *h as json.Unmarshal(data, h) does.
func unmarshalHeader(data []byte, h *fileHeader) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "textmodel.fileHeader", "fileHeader", false,
		jsonval.Field{Name: "name", Decode: func(v jsonval.Value) error { return v.DecodeString(&h.Name) }},
		jsonval.Field{Name: "version", Decode: func(v jsonval.Value) error { return v.DecodeString(&h.Version) }},
		jsonval.Field{Name: "labels", Decode: func(v jsonval.Value) error { return v.DecodeStrings(&h.Labels) }},
		jsonval.Field{Name: "spec", Decode: func(v jsonval.Value) error { return v.DecodeString(&h.Spec) }},
		jsonval.Field{Name: "members", Decode: func(v jsonval.Value) error { return v.DecodeInt(&h.Members) }},
		jsonval.Field{Name: "max_tokens", Decode: func(v jsonval.Value) error { return v.DecodeInt(&h.MaxTokens) }},
		jsonval.Field{Name: "max_runes", Decode: func(v jsonval.Value) error { return v.DecodeInt(&h.MaxRunes) }},
		jsonval.Field{Name: "bigrams", Decode: func(v jsonval.Value) error { return v.DecodeBool(&h.Bigrams) }},
		jsonval.Field{Name: "temperature", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&h.Temperature, 64) }},
		jsonval.Field{Name: "min_confidence", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&h.MinConfidence, 64) }},
		jsonval.Field{Name: "drop_unasserted", Decode: func(v jsonval.Value) error { return v.DecodeBool(&h.DropUnasserted) }},
	)
}
