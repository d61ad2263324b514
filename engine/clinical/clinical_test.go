package clinical

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

type echo struct{}

func (echo) Name() string                          { return "echo" }
func (echo) Predict(in []byte) (Prediction, error) { return &TextPrediction{Model: string(in)}, nil }
func loadEcho(w []byte) (Predictor, error)         { return echo{}, nil }
func loadPanics(w []byte) (Predictor, error)       { panic("bad shapes") }

func TestLoad(t *testing.T) {
	Register("test-echo", loadEcho)
	Register("test-panics", loadPanics)
	tests := []struct {
		name     string
		model    string
		wantKind ErrorKind
	}{
		{"a registered model loads", "test-echo", Other},
		{"an unknown model is not found", "nope", NotFound},
		{"a loader that panics gives a corrupt error instead", "test-panics", Corrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.model, nil)
			if tt.wantKind == Other {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind {
				t.Fatalf("Load error = %v, want kind %v", err, tt.wantKind)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	data := []byte("weights")
	sum := sha256.Sum256(data)
	e := Entry{Name: "m", File: "m.safetensors", SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))}
	tests := []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"the right bytes verify", data, false},
		{"truncated bytes are rejected", data[:3], true},
		{"tampered bytes of the same size are rejected", []byte("weightz"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.Verify(tt.data)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Verify = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestParseManifest(t *testing.T) {
	good := `{"models":[{"name":"wdbc","file":"wdbc.safetensors","sha256":"` +
		"0000000000000000000000000000000000000000000000000000000000000000" + `","bytes":10}]}`
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		{"a complete manifest parses", good, false},
		{"malformed JSON is corrupt", `{"models":[`, true},
		{"an entry without a hash is corrupt", `{"models":[{"name":"x","file":"x","bytes":1}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseManifest = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}
