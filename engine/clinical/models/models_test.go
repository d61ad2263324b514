package models_test

import (
	"runtime"
	"slices"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func TestRegistries(t *testing.T) {
	want := []string{"department", "heart", "pima", "specialty", "survival", "symptom", "wdbc"}
	t.Run("every model can be loaded for prediction", func(t *testing.T) {
		if got := clinical.Names(); !slices.Equal(got, want) {
			t.Fatalf("clinical.Names() = %v, want %v", got, want)
		}
	})
	t.Run("training is registered natively and left out of the browser build", func(t *testing.T) {
		var got []string
		for _, tk := range task.All() {
			got = append(got, tk.Name)
		}
		if runtime.GOOS == "js" {
			if len(got) != 0 {
				t.Fatalf("js/wasm build registers training for %v", got)
			}
			return
		}
		if !slices.Equal(got, want) {
			t.Fatalf("task.All() = %v, want %v", got, want)
		}
	})
}
