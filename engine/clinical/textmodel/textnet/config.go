package textnet

import (
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
)

// MarshalConfig returns exactly what json.Marshal(c) returns; the
// inference worker links no encoding/json (issue 15).
func MarshalConfig(c Config) ([]byte, error) {
	b := []byte(`{"vocab":`)
	b = strconv.AppendInt(b, int64(c.Vocab), 10)
	b = append(b, `,"embed":`...)
	b = strconv.AppendInt(b, int64(c.Embed), 10)
	b = append(b, `,"hidden":`...)
	b = strconv.AppendInt(b, int64(c.Hidden), 10)
	b = append(b, `,"attention":`...)
	b = strconv.AppendInt(b, int64(c.Attention), 10)
	b = append(b, `,"classes":`...)
	b = strconv.AppendInt(b, int64(c.Classes), 10)
	b = append(b, `,"pad":`...)
	b = strconv.AppendInt(b, int64(c.Pad), 10)
	b = append(b, `,"dropout":`...)
	b, err := jsonval.AppendFloat(b, c.Dropout, 64)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// UnmarshalConfig decodes data into *c as json.Unmarshal(data, c) does.
func UnmarshalConfig(data []byte, c *Config) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return decodeConfig(v, c)
}

func decodeConfig(v jsonval.Value, c *Config) error {
	return jsonval.DecodeStruct(v, "textnet.Config", "Config", false,
		jsonval.Field{Name: "vocab", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Vocab) }},
		jsonval.Field{Name: "embed", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Embed) }},
		jsonval.Field{Name: "hidden", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Hidden) }},
		jsonval.Field{Name: "attention", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Attention) }},
		jsonval.Field{Name: "classes", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Classes) }},
		jsonval.Field{Name: "pad", Decode: func(v jsonval.Value) error { return v.DecodeInt(&c.Pad) }},
		jsonval.Field{Name: "dropout", Decode: func(v jsonval.Value) error { return v.DecodeFloat(&c.Dropout, 64) }},
	)
}
