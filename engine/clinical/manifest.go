package clinical

import "github.com/bedside-health/bedside/engine/jsonval"

// UnmarshalEntry decodes a manifest entry as json.Unmarshal(data, e) does;
// the inference worker reads the entry of every model it loads and links
// no encoding/json (issue 15).
func UnmarshalEntry(data []byte, e *Entry) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return decodeEntry(v, e)
}

// unmarshalManifest decodes data into *m as json.Unmarshal(data, m) does.
func unmarshalManifest(data []byte, m *Manifest) error {
	v, err := jsonval.Parse(data)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "clinical.Manifest", "Manifest", false,
		jsonval.Field{Name: "models", Decode: func(v jsonval.Value) error {
			return jsonval.DecodeSlice(v, &m.Models, "[]clinical.Entry", decodeEntry)
		}})
}

func decodeEntry(v jsonval.Value, e *Entry) error {
	str := func(name string, dst *string) jsonval.Field {
		return jsonval.Field{Name: name, Decode: func(v jsonval.Value) error { return v.DecodeString(dst) }}
	}
	return jsonval.DecodeStruct(v, "clinical.Entry", "Entry", false,
		str("name", &e.Name), str("version", &e.Version), str("file", &e.File), str("card", &e.Card), str("sha256", &e.SHA256),
		jsonval.Field{Name: "bytes", Decode: func(v jsonval.Value) error { return v.DecodeInt64(&e.Bytes) }},
		str("kind", &e.Kind), str("title", &e.Title))
}
